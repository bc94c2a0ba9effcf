-- Open-addressing hash table: insert 300,000 pseudo-random keys, look up 600,000.
local MASK = 1048575
local tbl = {}
for i = 0, MASK do tbl[i] = 0 end
local function slot_of(key)
  local h = (((key * 2654435761) & 0xffffffff) >> 12) & MASK
  while tbl[h] ~= 0 and tbl[h] ~= key do h = (h + 1) & MASK end
  return h
end
local x = 7
for k = 1, 300000 do
  x = (x * 1103515245 + 12345) & 0x7fffffff
  tbl[slot_of(x | 1)] = x | 1
end
local found = 0
x = 7
for k = 1, 600000 do
  x = (x * 1103515245 + 12345) & 0x7fffffff
  if tbl[slot_of(x | 1)] == (x | 1) then found = found + 1 end
end
print(found)
