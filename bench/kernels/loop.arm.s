@ Interpreter loop kernel: s = s + i*i for i = N..1, then exit with s & 0xff.
        .equ EXIT, 0xf9100000
        .text
        .global _start
_start: ldr r3, =iterations
        ldr r1, [r3]
        mov r0, #0
loop:   mul r2, r1, r1
        add r0, r0, r2
        subs r1, r1, #1
        bne loop
        ldr r3, =EXIT
        str r0, [r3]
        wfi
        .data
        .global iterations
iterations: .long 1000
