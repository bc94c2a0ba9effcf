// The LMP system-call interface the Fin channel runtime (stdlib/os/lmp.fin) is written against:
// the one source of truth for its numbers and bits, which reach Fin through the generated
// stdlib/os/wire.fin. The CPU driver does not exist yet; when it does it implements exactly this
// (docs/flounder-wire.md "LMP system calls"), and until then tests run the runtime against a fake
// endpoint (tests/flounder-fin/).
import { TRANSPORT_WORDS } from '../pack.ts';

/** `@syscall(SYS_LMP_SEND, ep, w0, w1, w2, w3, info) -> error`: one kernel-mediated message of
 *  `info & LMP_INFO_LEN_MASK` words to endpoint `ep`, with at most one capability. */
export const SYS_LMP_SEND = 32;
/** `@syscall(SYS_LMP_RECV, ep, buf) -> error`: move the oldest message waiting at endpoint `ep`
 *  into `buf` (LMP_RECV_WORDS words: the payload, then an info word), or return ERR_EMPTY. */
export const SYS_LMP_RECV = 33;

/** Words one LMP message carries, header word included (the Flounder contract's budget). */
export const LMP_MSG_WORDS = TRANSPORT_WORDS.lmp;
/** Words of a receive buffer: the payload, then the info word the kernel fills in. */
export const LMP_RECV_WORDS = LMP_MSG_WORDS + 1;

// The info word, both directions: length and flags in the low half, the capability slot above.
/** bits 0-7: payload words (0..LMP_MSG_WORDS) */
export const LMP_INFO_LEN_MASK = 0xff;
/** switch to the receiver when the send succeeds */
export const LMP_FLAG_SYNC = 0x100;
/** yield to the receiver when its buffer is full */
export const LMP_FLAG_YIELD = 0x200;
/** move the capability instead of copying it */
export const LMP_FLAG_GIVEAWAY = 0x400;
/** a capability travels with this message; its slot is in bits 16-31 */
export const LMP_FLAG_CAP = 0x800;
export const LMP_INFO_CAP_SHIFT = 16;
