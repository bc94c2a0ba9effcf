@ The fake LMP endpoint's trap plumbing on arm (tests only): the syscall slot calls
@ fake_kernel.dispatch(r7, r0, r1, r2, r3, r4, r5) and returns its result in r0. elr and spsr
@ are saved around the call, because a receiver upcall that sends takes a nested svc.
        .text
        .global fake_lmp_install
fake_lmp_install:
        ldr r0, =fake_vectors
        msr vbar, r0
        bx lr

        .align 4
fake_vectors:
        b fake_fault
        b fake_fault
        b fake_sys_entry
        b fake_fault
        b fake_fault
        b fake_fault
        b fake_fault

fake_sys_entry:
        mrs ip, elr
        push {ip}
        mrs ip, spsr
        push {ip}
        push {r3, r4, r5}          @ arguments 4-6 of dispatch, on the stack
        mov r3, r2
        mov r2, r1
        mov r1, r0
        mov r0, r7
        bl fake_kernel.dispatch
        add sp, sp, #12
        pop {ip}
        msr spsr, ip
        pop {ip}
        msr elr, ip
        eret

@ any other exception: power off with status 125, as an unhandled fault would
fake_fault:
        ldr r0, =0xf9100000
        mov r1, #125
        str r1, [r0]
        b fake_fault
