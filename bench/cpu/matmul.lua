-- Integer matrix multiply, 200 x 200, then a checksum of the product.
local n = 200
local a, b, c = {}, {}, {}
for i = 0, n - 1 do
  a[i], b[i], c[i] = {}, {}, {}
  for j = 0, n - 1 do
    a[i][j] = (i * j + 1) % 17
    b[i][j] = (i + 2 * j) % 13
  end
end
for i = 0, n - 1 do
  local ai, ci = a[i], c[i]
  for j = 0, n - 1 do
    local s = 0
    for k = 0, n - 1 do s = s + ai[k] * b[k][j] end
    ci[j] = s
  end
end
local check = 0
for i = 0, n - 1 do for j = 0, n - 1 do check = (check * 7 + c[i][j]) & 0xffffffff end end
print(check)
