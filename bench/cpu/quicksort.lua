-- Quicksort (Hoare partition) of 100,000 pseudo-random integers, then a checksum.
local data = {}
local function quicksort(a, lo, hi)
  if lo >= hi then return end
  local pivot = a[lo + (hi - lo) // 2]
  local i, j = lo - 1, hi + 1
  while true do
    i = i + 1
    while a[i] < pivot do i = i + 1 end
    j = j - 1
    while a[j] > pivot do j = j - 1 end
    if i >= j then break end
    a[i], a[j] = a[j], a[i]
  end
  quicksort(a, lo, j)
  quicksort(a, j + 1, hi)
end
local x = 42
for k = 0, 99999 do
  x = (x * 1103515245 + 12345) & 0x7fffffff
  data[k] = x % 1000000
end
quicksort(data, 0, 99999)
local check = 0
for k = 0, 99999 do check = (check * 31 + data[k]) & 0xffffffff end
print(check)
