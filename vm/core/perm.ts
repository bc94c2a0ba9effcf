// TLB geometry and the access-permission bits cached per TLB entry: a check ANDs the entry's
// bits with the one bit for (mode, access kind).
export const TLB_SIZE = 64;
export const P_KR = 1, P_KW = 2, P_KX = 4, P_UR = 8, P_UW = 16, P_UX = 32;
