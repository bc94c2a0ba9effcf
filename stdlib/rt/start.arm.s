@ Bare-metal start-up for the arm personality: clear bss, call the program's main, and power
@ the machine off with main's return value as the exit status. The machine has already set
@ sp to this core's boot stack (docs/machine.md).
        .equ EXIT, 0xf9100000
        .text
        .global _start
_start: ldr r0, =__bss_start
        ldr r1, =__bss_end
        mov r2, #0
.Lzero: cmp r0, r1
        bhs .Lrun
        str r2, [r0]
        add r0, r0, #4
        b .Lzero
.Lrun:  bl main
        ldr r1, =EXIT
        str r0, [r1]
.Lhalt: cpsid i
        wfi
        b .Lhalt
