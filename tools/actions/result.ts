// What every CLI action returns: an exit code and the lines to show. Actions never print and
// never exit; the commander layer does both, so actions are plain functions tests can call.
export interface ActionResult {
  code: number;
  /** lines for stdout */
  out: string[];
  /** diagnostics and error lines for stderr (`path:line:col: error: message` where located) */
  err: string[];
}

export const ok = (out: string[] = []): ActionResult => ({ code: 0, out, err: [] });
export const fail = (err: string[], code = 1): ActionResult => ({ code, out: [], err });
