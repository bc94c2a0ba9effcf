@ shoal bare-metal demo, arm side: the same protocol as hello.x86.s (see there).
        .equ X86_ENTRY, 0x100000
        .equ ARM_ENTRY, 0x200000
        .equ UART, 0xf9000000         @ PL011 data register
        .equ CPUCTL, 0xf9200000
        .equ EXIT, 0xf9100000
        .equ LOCK, 0xf00
        .equ COUNT, 0xf04

        .text
        .global _start
_start:
        ldr r4, [r0, #8]              @ this core's id, from the boot-info block
        ldr r5, [r0, #16]             @ number of cores
        bl lock
        ldr r0, =hello
        bl puts
        mov r0, r4
        bl putdec
        ldr r0, =tail
        bl puts
        ldr r1, =COUNT                @ check in
        ldr r2, [r1]
        add r2, r2, #1
        str r2, [r1]
        bl unlock
        cmp r4, #0
        bne park

        ldr r6, =CPUCTL               @ boot core: start the others
        mov r7, #1
next:   cmp r7, r5
        bge wait
        add r1, r6, #0x18
        ldr r2, [r1, r7, lsl #2]      @ personality of core r7: 0 x86, 1 arm
        cmp r2, #0
        bne arm
        ldr r3, =X86_ENTRY
        b go
arm:    ldr r3, =ARM_ENTRY
go:     str r3, [r6, #4]              @ entry point
        str r7, [r6, #8]              @ start core r7
        add r7, r7, #1
        b next

wait:   ldr r1, =COUNT
        ldr r2, [r1]
        cmp r2, r5
        bne wait
        bl lock
        ldr r0, =done1
        bl puts
        mov r0, r5
        bl putdec
        ldr r0, =done2
        bl puts
        bl unlock
        ldr r1, =EXIT
        mov r2, #0
        str r2, [r1]                  @ power off, status 0

park:   cpsid i
        wfi
        b park

@ puts(r0 = NUL-terminated string)
puts:   ldr r1, =UART
.Lput:  ldrb r2, [r0]
        cmp r2, #0
        beq .Lputd
        str r2, [r1]
        add r0, r0, #1
        b .Lput
.Lputd: bx lr

@ putdec(r0 = unsigned value)
putdec: push {r4, lr}
        sub sp, sp, #12
        add r1, sp, #11
        mov r2, #0
        strb r2, [r1]
.Ldig:  sub r1, r1, #1
        urem r2, r0, #10
        add r2, r2, #48
        strb r2, [r1]
        udiv r0, r0, #10
        cmp r0, #0
        bne .Ldig
        mov r0, r1
        bl puts
        add sp, sp, #12
        pop {r4, pc}

lock:   ldr r1, =LOCK
.Lspin: mov r2, #1
        swp r2, [r1]
        cmp r2, #0
        bne .Lspin
        bx lr
unlock: ldr r1, =LOCK
        mov r2, #0
        str r2, [r1]
        bx lr

        .rodata
hello:  .asciz "hello from core "
tail:   .asciz " (arm)\n"
done1:  .asciz "all "
done2:  .asciz " cores checked in; powering off\n"
