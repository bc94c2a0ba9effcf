# Interpreter loop kernel: s = s + i*i for i = N..1, then exit with s & 0xff.
# N comes from the word at `iterations` (the bench patches nothing: it links a fresh copy).
        .equ EXIT, 0xf9100000
        .text
        .global _start
_start: mov ecx, [iterations]
        mov eax, 0
loop:   mov edx, ecx
        imul edx, ecx
        add eax, edx
        sub ecx, 1
        jne loop
        mov [result], eax
        mov [EXIT], eax
        hlt
        .data
        .global iterations
iterations: .long 1000
result: .long 0
