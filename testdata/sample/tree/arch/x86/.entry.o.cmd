savedcmd_arch/x86/entry.o := clang-19 -Wp,-MMD,arch/x86/.entry.o.d -nostdinc -I../src/include -include ../src/include/sample/kconfig.h -include ../src/include/sample/compiler_types.h -D__KERNEL__ --target=x86_64-linux-gnu -fintegrated-as -Werror=unknown-warning-option -Werror=unused-command-line-argument -ffile-prefix-map=../src/= -std=gnu11 -ffreestanding -fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-red-zone -mcmodel=kernel -fno-asynchronous-unwind-tables -O2 -fno-stack-protector -fomit-frame-pointer -fno-lto -Wall -Wundef -Werror=implicit-function-declaration -Werror=strict-prototypes -Wmissing-prototypes -Wno-unused-parameter -I../src/arch/x86 -Iarch/x86    -DKBUILD_MODFILE='"arch/x86/entry"' -DKBUILD_BASENAME='"entry"' -DKBUILD_MODNAME='"entry"' -D__KBUILD_MODNAME=kmod_entry -c -o arch/x86/entry.o ../src/arch/x86/entry.c  

source_arch/x86/entry.o := ../src/arch/x86/entry.c

deps_arch/x86/entry.o := \
  ../src/include/sample/kconfig.h \
    $(wildcard include/config/64BIT) \
    $(wildcard include/config/MODULES) \
    $(wildcard include/config/MODVERSIONS) \
    $(wildcard include/config/LTO_CLANG) \
    $(wildcard include/config/LTO_CLANG_THIN) \
  ../src/include/sample/compiler_types.h \
  ../src/include/sample/export.h \
  ../src/include/sample/compiler.h \
  ../src/include/sample/types.h \
  ../src/include/sample/linkage.h \
  ../src/include/sample/stringify.h \
  ../src/include/sample/api.h \
  ../src/include/sample/device.h \

arch/x86/entry.o: $(deps_arch/x86/entry.o)

$(deps_arch/x86/entry.o):
#SYMVER x86_feature_mask 0x79ccd8e2
#SYMVER x86_entry_stub 0x90e67f54
