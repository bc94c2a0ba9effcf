# Bare-metal start-up for the x86 personality: clear bss, call the program's main, and power
# the machine off with main's return value as the exit status. The machine has already set
# esp to this core's boot stack (docs/machine.md).
        .equ EXIT, 0xf9100000
        .text
        .global _start
_start: mov edi, __bss_start
        mov ecx, __bss_end
.Lzero: cmp edi, ecx
        jae .Lrun
        mov dword [edi], 0
        add edi, 4
        jmp .Lzero
.Lrun:  call main
        mov [EXIT], eax
.Lhalt: cli
        hlt
        jmp .Lhalt
