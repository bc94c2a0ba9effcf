// CST → AST. A chevrotain visitor, typed by cst.generated.ts, one method per grammar rule. It only
// ever sees CSTs that parsed without errors, so every mandatory child is present. The few rules
// the grammar accepts more loosely than the language (a body on `extern fn`, `module` not first,
// chained comparisons, `sizeof` with a field) are reported here.
import type { IToken } from 'chevrotain';
import type * as C from './cst.generated.ts';
import type * as A from './ast.ts';
import { parser } from './parser.ts';
import { climb, isBinaryOp, type BinaryOp } from './precedence.ts';
import { startOf } from './lexer.ts';
import type { DiagSink, Span } from './diagnostics.ts';

const BaseVisitor = parser.getBaseCstVisitorConstructor();

const ASSIGN_OPS: ReadonlySet<string> = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=']);

class AstBuilder extends BaseVisitor {
  path = '';
  diags: DiagSink | null = null;

  constructor() {
    super();
    this.validateVisitor();
  }

  private report(name: 'chained-comparison' | 'missing-body' | 'extern-with-body' | 'misplaced-module-decl' | 'bad-intrinsic-args', at: Span, msg: string): void {
    this.diags?.report(name, this.path, at, msg);
  }

  // ---------- files and declarations ----------

  file(ctx: C.FileCstChildren): A.SourceFile {
    let module: A.ModuleDecl | null = null;
    const decls: A.TopDecl[] = [];
    for (const item of ctx.topItem ?? []) {
      const c = item.children;
      if (c.moduleDecl) {
        const m = this.moduleDecl(c.moduleDecl[0]!.children);
        if (module !== null || decls.length > 0) this.report('misplaced-module-decl', m.span, "'module' must be the first declaration of the file, and appear once");
        else module = m;
      } else if (c.importDecl) {
        decls.push(this.importDecl(c.importDecl[0]!.children));
      } else if (c.decl) {
        decls.push(this.decl(c.decl[0]!.children));
      }
    }
    return { path: this.path, module, decls };
  }

  topItem(): never {
    throw new Error('topItem is visited by file()');
  }

  qualifiedName(ctx: C.QualifiedNameCstChildren): string[] {
    return ctx.Identifier.map((t) => t.image);
  }

  moduleDecl(ctx: C.ModuleDeclCstChildren): A.ModuleDecl {
    return { kind: 'module', span: startOf(ctx.KwModule[0]!), path: this.qualifiedName(ctx.qualifiedName[0]!.children) };
  }

  importDecl(ctx: C.ImportDeclCstChildren): A.ImportDecl {
    const q = ctx.qualifiedName[0]!.children;
    const path = this.qualifiedName(q);
    const aliasTok = ctx.alias?.[0] ?? q.Identifier[q.Identifier.length - 1]!;
    return { kind: 'import', span: startOf(ctx.KwImport[0]!), path, alias: aliasTok.image, aliasSpan: startOf(aliasTok) };
  }

  decl(ctx: C.DeclCstChildren): Exclude<A.TopDecl, A.ImportDecl> {
    const pub = ctx.KwPub !== undefined;
    const d = ctx.constDecl ? this.constDecl(ctx.constDecl[0]!.children)
      : ctx.varDecl ? this.varDecl(ctx.varDecl[0]!.children)
      : ctx.structDecl ? this.structDecl(ctx.structDecl[0]!.children)
      : ctx.enumDecl ? this.enumDecl(ctx.enumDecl[0]!.children)
      : ctx.typeDecl ? this.typeDecl(ctx.typeDecl[0]!.children)
      : this.fnDecl(ctx.fnDecl![0]!.children);
    if (pub) {
      d.pub = true;
      d.span = startOf(ctx.KwPub![0]!);
    }
    return d;
  }

  constDecl(ctx: C.ConstDeclCstChildren): A.ConstDecl {
    const id = ctx.Identifier[0]!;
    return {
      kind: 'const', span: startOf(ctx.KwConst[0]!), pub: false, name: id.image, nameSpan: startOf(id),
      type: ctx.type ? this.type(ctx.type[0]!.children) : null, init: this.expression(ctx.expression[0]!.children),
    };
  }

  varDecl(ctx: C.VarDeclCstChildren): A.GlobalDecl {
    const id = ctx.Identifier[0]!;
    return {
      kind: 'var', span: startOf(ctx.KwVar[0]!), pub: false, name: id.image, nameSpan: startOf(id),
      type: ctx.type ? this.type(ctx.type[0]!.children) : null,
      init: ctx.expression ? this.expression(ctx.expression[0]!.children) : null,
    };
  }

  structDecl(ctx: C.StructDeclCstChildren): A.StructDecl {
    const id = ctx.Identifier[0]!;
    const fields = (ctx.fieldDecl ?? []).map((f) => this.fieldDecl(f.children));
    return { kind: 'struct', span: startOf(ctx.KwStruct[0]!), pub: false, name: id.image, nameSpan: startOf(id), fields };
  }

  fieldDecl(ctx: C.FieldDeclCstChildren): A.FieldDecl {
    const id = ctx.Identifier[0]!;
    return { span: startOf(id), name: id.image, type: this.type(ctx.type[0]!.children) };
  }

  enumDecl(ctx: C.EnumDeclCstChildren): A.EnumDecl {
    const id = ctx.Identifier[0]!;
    const members = (ctx.enumMember ?? []).map((m) => this.enumMember(m.children));
    return {
      kind: 'enum', span: startOf(ctx.KwEnum[0]!), pub: false, name: id.image, nameSpan: startOf(id),
      base: ctx.type ? this.type(ctx.type[0]!.children) : null, members,
    };
  }

  enumMember(ctx: C.EnumMemberCstChildren): A.EnumMemberDecl {
    const id = ctx.Identifier[0]!;
    return { span: startOf(id), name: id.image, value: ctx.expression ? this.expression(ctx.expression[0]!.children) : null };
  }

  typeDecl(ctx: C.TypeDeclCstChildren): A.TypeAliasDecl {
    const id = ctx.Identifier[0]!;
    return { kind: 'type', span: startOf(ctx.KwType[0]!), pub: false, name: id.image, nameSpan: startOf(id), type: this.type(ctx.type[0]!.children) };
  }

  fnDecl(ctx: C.FnDeclCstChildren): A.FnDecl {
    const id = ctx.Identifier[0]!;
    const extern = ctx.KwExtern !== undefined;
    const span = startOf((ctx.KwExtern ?? ctx.KwFn)[0]!);
    let body = ctx.block ? this.block(ctx.block[0]!.children) : null;
    if (extern && body) {
      this.report('extern-with-body', span, `extern fn '${id.image}' cannot have a body (it is defined in an assembly file)`);
      body = null;
    } else if (!extern && !body) {
      this.report('missing-body', startOf(id), `fn '${id.image}' needs a body, or must be declared 'extern'`);
      body = { kind: 'block', span: startOf(id), stmts: [], end: startOf(id) };
    }
    return {
      kind: 'fn', span, pub: false, extern, name: id.image, nameSpan: startOf(id),
      params: (ctx.param ?? []).map((p) => this.param(p.children)),
      ret: ctx.type ? this.type(ctx.type[0]!.children) : null, body,
    };
  }

  param(ctx: C.ParamCstChildren): A.ParamDecl {
    const id = ctx.Identifier[0]!;
    return { span: startOf(id), name: id.image, type: this.type(ctx.type[0]!.children) };
  }

  // ---------- types ----------

  type(ctx: C.TypeCstChildren): A.TypeExpr {
    if (ctx.pointerType) return this.pointerType(ctx.pointerType[0]!.children);
    if (ctx.arrayType) return this.arrayType(ctx.arrayType[0]!.children);
    if (ctx.fnType) return this.fnType(ctx.fnType[0]!.children);
    const q = ctx.qualifiedName![0]!.children;
    return { kind: 'named', span: startOf(q.Identifier[0]!), path: this.qualifiedName(q) };
  }

  pointerType(ctx: C.PointerTypeCstChildren): A.TypeExpr {
    return { kind: 'pointer', span: startOf(ctx.Star[0]!), to: this.type(ctx.type[0]!.children) };
  }

  arrayType(ctx: C.ArrayTypeCstChildren): A.TypeExpr {
    return { kind: 'array', span: startOf(ctx.LBracket[0]!), size: this.expression(ctx.expression[0]!.children), elem: this.type(ctx.type[0]!.children) };
  }

  fnType(ctx: C.FnTypeCstChildren): A.TypeExpr {
    return {
      kind: 'fn', span: startOf(ctx.KwFn[0]!),
      params: (ctx.params ?? []).map((p) => this.type(p.children)),
      ret: ctx.ret ? this.type(ctx.ret[0]!.children) : null,
    };
  }

  // ---------- statements ----------

  block(ctx: C.BlockCstChildren): A.Block {
    return {
      kind: 'block', span: startOf(ctx.LBrace[0]!),
      stmts: (ctx.statement ?? []).map((s) => this.statement(s.children)),
      end: startOf(ctx.RBrace[0]!),
    };
  }

  statement(ctx: C.StatementCstChildren): A.Stmt {
    if (ctx.block) return this.block(ctx.block[0]!.children);
    if (ctx.varDecl) {
      const v = this.varDecl(ctx.varDecl[0]!.children);
      return { kind: 'var', span: v.span, name: v.name, nameSpan: v.nameSpan, type: v.type, init: v.init };
    }
    if (ctx.constDecl) {
      const c = this.constDecl(ctx.constDecl[0]!.children);
      return { kind: 'const', span: c.span, name: c.name, nameSpan: c.nameSpan, type: c.type, init: c.init };
    }
    if (ctx.ifStmt) return this.ifStmt(ctx.ifStmt[0]!.children);
    if (ctx.whileStmt) return this.whileStmt(ctx.whileStmt[0]!.children);
    if (ctx.forStmt) return this.forStmt(ctx.forStmt[0]!.children);
    if (ctx.loopStmt) return this.loopStmt(ctx.loopStmt[0]!.children);
    if (ctx.breakStmt) return this.breakStmt(ctx.breakStmt[0]!.children);
    if (ctx.continueStmt) return this.continueStmt(ctx.continueStmt[0]!.children);
    if (ctx.returnStmt) return this.returnStmt(ctx.returnStmt[0]!.children);
    if (ctx.switchStmt) return this.switchStmt(ctx.switchStmt[0]!.children);
    return this.simpleStmt(ctx.simpleStmt![0]!.children);
  }

  ifStmt(ctx: C.IfStmtCstChildren): A.IfStmt {
    const elseIf = ctx.elseIf ? this.ifStmt(ctx.elseIf[0]!.children) : null;
    const elseBlock = ctx.else ? this.block(ctx.else[0]!.children) : null;
    return {
      kind: 'if', span: startOf(ctx.KwIf[0]!), cond: this.expression(ctx.expression[0]!.children),
      then: this.block(ctx.then[0]!.children), else: elseIf ?? elseBlock,
    };
  }

  whileStmt(ctx: C.WhileStmtCstChildren): A.WhileStmt {
    return { kind: 'while', span: startOf(ctx.KwWhile[0]!), cond: this.expression(ctx.expression[0]!.children), body: this.block(ctx.block[0]!.children) };
  }

  forStmt(ctx: C.ForStmtCstChildren): A.ForStmt {
    const id = ctx.Identifier[0]!;
    return {
      kind: 'for', span: startOf(ctx.KwFor[0]!), name: id.image, nameSpan: startOf(id),
      from: this.expression(ctx.from[0]!.children), to: this.expression(ctx.to[0]!.children),
      body: this.block(ctx.block[0]!.children),
    };
  }

  loopStmt(ctx: C.LoopStmtCstChildren): A.LoopStmt {
    return { kind: 'loop', span: startOf(ctx.KwLoop[0]!), body: this.block(ctx.block[0]!.children) };
  }

  breakStmt(ctx: C.BreakStmtCstChildren): A.BreakStmt {
    return { kind: 'break', span: startOf(ctx.KwBreak[0]!) };
  }

  continueStmt(ctx: C.ContinueStmtCstChildren): A.ContinueStmt {
    return { kind: 'continue', span: startOf(ctx.KwContinue[0]!) };
  }

  returnStmt(ctx: C.ReturnStmtCstChildren): A.ReturnStmt {
    return { kind: 'return', span: startOf(ctx.KwReturn[0]!), value: ctx.expression ? this.expression(ctx.expression[0]!.children) : null };
  }

  switchStmt(ctx: C.SwitchStmtCstChildren): A.SwitchStmt {
    return {
      kind: 'switch', span: startOf(ctx.KwSwitch[0]!), subject: this.expression(ctx.expression[0]!.children),
      arms: (ctx.switchArm ?? []).map((a) => this.switchArm(a.children)),
    };
  }

  switchArm(ctx: C.SwitchArmCstChildren): A.SwitchArm {
    const head = (ctx.KwCase ?? ctx.KwDefault)![0]!;
    return {
      span: startOf(head), isDefault: ctx.KwDefault !== undefined,
      values: (ctx.expression ?? []).map((e) => this.expression(e.children)),
      body: this.statement(ctx.statement[0]!.children),
    };
  }

  simpleStmt(ctx: C.SimpleStmtCstChildren): A.Stmt {
    const target = this.expression(ctx.target[0]!.children);
    const opTok = ctx.AssignOp?.[0];
    if (!opTok || !ctx.value) return { kind: 'expr', span: target.span, expr: target };
    const op = ASSIGN_OPS.has(opTok.image) ? (opTok.image as A.AssignOp) : '=';
    return { kind: 'assign', span: startOf(opTok), op, target, value: this.expression(ctx.value[0]!.children) };
  }

  // ---------- expressions ----------

  expression(ctx: C.ExpressionCstChildren): A.Expr {
    const operands = ctx.operand.map((u) => this.operand(u.children));
    const opToks = ctx.BinaryOp ?? [];
    if (opToks.length === 0) return operands[0]!;
    const ops: BinaryOp[] = opToks.map((t) => (isBinaryOp(t.image) ? t.image : '+'));
    return climb<A.Expr>(
      operands,
      ops,
      (op, i, left, right) => ({ kind: 'binary', span: startOf(opToks[i]!), op, left, right }),
      (i) => this.report('chained-comparison', startOf(opToks[i]!), `comparison operators cannot be chained; add parentheses around one comparison`),
    );
  }

  operand(ctx: C.OperandCstChildren): A.Expr {
    let e = this.primary(ctx);
    for (const op of ctx.postfixOp ?? []) e = this.applyPostfix(e, op.children);
    const prefix = ctx.UnaryOp ?? [];
    for (let i = prefix.length - 1; i >= 0; i--) {
      const t = prefix[i]!;
      e = { kind: 'unary', span: startOf(t), op: t.image as A.UnaryOp, operand: e };
    }
    return e;
  }

  postfixOp(): never {
    throw new Error('postfixOp is visited by postfix()');
  }

  private applyPostfix(e: A.Expr, c: C.PostfixOpCstChildren): A.Expr {
    if (c.LParen) return { kind: 'call', span: e.span, callee: e, args: c.args ? this.args(c.args[0]!.children) : [] };
    if (c.LBracket) return { kind: 'index', span: e.span, object: e, index: this.expression(c.expression![0]!.children) };
    if (c.Dot) {
      const id = c.Identifier![0]!;
      return { kind: 'field', span: e.span, object: e, name: id.image, nameSpan: startOf(id) };
    }
    return { kind: 'cast', span: startOf(c.KwAs![0]!), expr: e, type: this.type(c.type![0]!.children) };
  }

  args(ctx: C.ArgsCstChildren): A.Expr[] {
    return ctx.expression.map((e) => this.expression(e.children));
  }

  /** the primary part of an operand */
  private primary(ctx: C.OperandCstChildren): A.Expr {
    if (ctx.IntLit) {
      const t = ctx.IntLit[0]!;
      return { kind: 'int', span: startOf(t), value: payloadNumber(t), text: t.image };
    }
    if (ctx.CharLit) return { kind: 'char', span: startOf(ctx.CharLit[0]!), value: payloadNumber(ctx.CharLit[0]!) };
    if (ctx.StringLit) {
      const t = ctx.StringLit[0]!;
      return { kind: 'string', span: startOf(t), bytes: t.payload instanceof Uint8Array ? t.payload : new Uint8Array(0) };
    }
    if (ctx.KwTrue) return { kind: 'bool', span: startOf(ctx.KwTrue[0]!), value: true };
    if (ctx.KwFalse) return { kind: 'bool', span: startOf(ctx.KwFalse[0]!), value: false };
    if (ctx.KwNull) return { kind: 'null', span: startOf(ctx.KwNull[0]!) };
    if (ctx.Identifier) return { kind: 'name', span: startOf(ctx.Identifier[0]!), name: ctx.Identifier[0]!.image };
    if (ctx.layoutIntrinsic) return this.layoutIntrinsic(ctx.layoutIntrinsic[0]!.children);
    if (ctx.AtIdent) {
      const t = ctx.AtIdent[0]!;
      return { kind: 'intrinsic', span: startOf(t), name: t.image.slice(1), args: ctx.args ? this.args(ctx.args[0]!.children) : [] };
    }
    return this.expression(ctx.expression![0]!.children);
  }

  layoutIntrinsic(ctx: C.LayoutIntrinsicCstChildren): A.Expr {
    const head = (ctx.KwSizeof ?? ctx.AtSizeof ?? ctx.AtAlignof ?? ctx.AtOffsetof)![0]!;
    const span = startOf(head);
    const type = this.type(ctx.type[0]!.children);
    const field = ctx.Identifier?.[0];
    if (ctx.AtOffsetof) {
      if (!field) {
        this.report('bad-intrinsic-args', span, '@offsetof takes a struct type and a field name: @offsetof(T, field)');
        return { kind: 'offsetof', span, type, field: '', fieldSpan: span };
      }
      return { kind: 'offsetof', span, type, field: field.image, fieldSpan: startOf(field) };
    }
    if (field) this.report('bad-intrinsic-args', startOf(field), `${head.image} takes one type argument`);
    return ctx.AtAlignof ? { kind: 'alignof', span, type } : { kind: 'sizeof', span, type };
  }
}

function payloadNumber(t: IToken): number {
  return typeof t.payload === 'number' ? t.payload : 0;
}

const builder = new AstBuilder();

/** Builds the AST of one file from an error-free CST. */
export function buildAst(cst: C.FileCstNode, path: string, diags: DiagSink): A.SourceFile {
  builder.path = path;
  builder.diags = diags;
  try {
    return builder.file(cst.children);
  } finally {
    builder.diags = null;
  }
}
