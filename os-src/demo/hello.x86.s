# shoal bare-metal demo, x86 side.
# Every core prints a hello line under a spinlock shared with the arm cores, then checks in.
# The boot core (core 0) starts every other core with the binary built for that core's
# personality, waits until all have checked in, and powers the machine off.
# The demo links this binary at X86_ENTRY and the arm one at ARM_ENTRY; _start comes first.
        .equ X86_ENTRY, 0x100000
        .equ ARM_ENTRY, 0x200000
        .equ UART, 0x3f8              # 16550 transmit register
        .equ CPUCTL, 0xf9200000       # core power control
        .equ EXIT, 0xf9100000         # exit device
        .equ LOCK, 0xf00              # shared words in low RAM, known to both binaries
        .equ COUNT, 0xf04

        .text
        .global _start
_start:
        mov esi, [ebx+8]              # this core's id, from the boot-info block
        mov edi, [ebx+16]             # number of cores
        call lock
        mov eax, hello
        call puts
        mov eax, esi
        call putdec
        mov eax, tail
        call puts
        add dword [COUNT], 1          # check in
        call unlock
        cmp esi, 0
        jne park

        mov ecx, 1                    # boot core: start the others
next:   cmp ecx, edi
        jge wait
        mov eax, [CPUCTL+0x18+ecx*4]  # personality of core ecx: 0 x86, 1 arm
        cmp eax, 0
        jne arm
        mov eax, X86_ENTRY
        jmp go
arm:    mov eax, ARM_ENTRY
go:     mov [CPUCTL+4], eax           # entry point
        mov [CPUCTL+8], ecx           # start core ecx
        add ecx, 1
        jmp next

wait:   mov eax, [COUNT]              # spin until every core has checked in
        cmp eax, edi
        jne wait
        call lock
        mov eax, done1
        call puts
        mov eax, edi
        call putdec
        mov eax, done2
        call puts
        call unlock
        mov dword [EXIT], 0           # power off, status 0

park:   cli
        hlt
        jmp park

# puts(eax = NUL-terminated string)
puts:   mov edx, eax
.Lput:  movzx eax, byte [edx]
        cmp eax, 0
        je .Lputd
        outb UART, eax
        add edx, 1
        jmp .Lput
.Lputd: ret

# putdec(eax = unsigned value)
putdec: push ebx
        sub esp, 12
        mov edx, esp
        add edx, 11
        mov byte [edx], 0
.Ldig:  sub edx, 1
        mov ebx, eax
        mod ebx, 10
        add ebx, 48
        mov byte [edx], ebx
        div eax, 10
        cmp eax, 0
        jne .Ldig
        mov eax, edx
        call puts
        add esp, 12
        pop ebx
        ret

lock:   mov eax, 1
.Lspin: xchg eax, [LOCK]
        cmp eax, 0
        jne .Lspin
        ret
unlock: mov dword [LOCK], 0
        ret

        .rodata
hello:  .asciz "hello from core "
tail:   .asciz " (x86)\n"
done1:  .asciz "all "
done2:  .asciz " cores checked in; powering off\n"
