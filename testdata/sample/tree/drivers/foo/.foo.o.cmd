savedcmd_drivers/foo/foo.o := ld.lld-19 -m elf_x86_64 -mllvm -import-instr-limit=5 -z noexecstack   -r -o drivers/foo/foo.o @drivers/foo/foo.mod 
