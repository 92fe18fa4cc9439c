savedcmd_Module.symvers :=  scripts/mod/modpost -M -m  -E     -o Module.symvers -T modules.order vmlinux.o
