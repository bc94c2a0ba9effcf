# The fake LMP endpoint's trap plumbing on x86 (tests only): vector 0x80 (syscall) calls
# fake_kernel.dispatch(eax, ecx, edx, ebx, esi, edi, ebp) and returns its result in eax. Nested
# system calls (a receiver upcall that sends) are fine: each trap frame is on the stack.
        .text
        .global fake_lmp_install
fake_lmp_install:
        mov eax, fake_idt
        mov idtr, eax
        ret

fake_sys_entry:
        add esp, 4                 # shoal pushes an error code on every exception
        push ebp
        push edi
        push esi
        push ebx
        push edx
        push ecx
        push eax
        call fake_kernel.dispatch  # callee-saved ebx esi edi ebp survive, as the convention says
        add esp, 28
        iret

        .data
        .align 4
fake_idt:
        .zero 0x200                # vectors 0-0x7f: none (a fault stops the machine)
        .long fake_sys_entry
