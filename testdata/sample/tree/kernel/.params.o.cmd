savedcmd_kernel/params.o := clang-19 -Wp,-MMD,kernel/.params.o.d -nostdinc -I../src/include -include ../src/include/sample/kconfig.h -include ../src/include/sample/compiler_types.h -D__KERNEL__ --target=x86_64-linux-gnu -fintegrated-as -Werror=unknown-warning-option -Werror=unused-command-line-argument -ffile-prefix-map=../src/= -std=gnu11 -ffreestanding -fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-red-zone -mcmodel=kernel -fno-asynchronous-unwind-tables -O2 -fno-stack-protector -fomit-frame-pointer -fno-lto -flto=thin -fsplit-lto-unit -fvisibility=hidden -Wall -Wundef -Werror=implicit-function-declaration -Werror=strict-prototypes -Wmissing-prototypes -Wno-unused-parameter '-DGREETING="hello world"' -I../src/kernel -Ikernel    -DKBUILD_MODFILE='"kernel/params"' -DKBUILD_BASENAME='"params"' -DKBUILD_MODNAME='"params"' -D__KBUILD_MODNAME=kmod_params -c -o kernel/params.o ../src/kernel/params.c  

source_kernel/params.o := ../src/kernel/params.c

deps_kernel/params.o := \
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
  ../src/include/sample/params.h \

kernel/params.o: $(deps_kernel/params.o)

$(deps_kernel/params.o):

saved_c_flags_kernel/params.o := -D__KERNEL__ --target=x86_64-linux-gnu -fintegrated-as -Werror=unknown-warning-option -Werror=unused-command-line-argument -ffile-prefix-map=../src/= -std=gnu11 -ffreestanding -fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-red-zone -mcmodel=kernel -fno-asynchronous-unwind-tables -O2 -fno-stack-protector -fomit-frame-pointer -fno-lto -flto=thin -fsplit-lto-unit -fvisibility=hidden -Wall -Wundef -Werror=implicit-function-declaration -Werror=strict-prototypes -Wmissing-prototypes -Wno-unused-parameter '-DGREETING="hello world"' -I../src/kernel -Ikernel    -DKBUILD_MODFILE='"kernel/params"' -DKBUILD_BASENAME='"params"' -DKBUILD_MODNAME='"params"' -D__KBUILD_MODNAME=kmod_params
#SYMVER sample_greeting 0x6db45968
#SYMVER param_set_int 0xf235cdac
#SYMVER param_get_int 0xf63790c3
#SYMVER param_ops_int 0x07c30e22
