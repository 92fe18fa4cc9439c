savedcmd_vmlinux.o := ld.lld-19 -m elf_x86_64 -mllvm -import-instr-limit=5 -z noexecstack -r -o vmlinux.o   --whole-archive vmlinux.a --no-whole-archive --start-group  --end-group 
