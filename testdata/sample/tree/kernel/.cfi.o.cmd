savedcmd_kernel/cfi.o := clang-19 -Wp,-MMD,kernel/.cfi.o.d -nostdinc -I../src/include -include ../src/include/sample/kconfig.h -include ../src/include/sample/compiler_types.h -D__KERNEL__ --target=x86_64-linux-gnu -fintegrated-as -Werror=unknown-warning-option -Werror=unused-command-line-argument -ffile-prefix-map=../src/= -std=gnu11 -ffreestanding -fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-red-zone -mcmodel=kernel -fno-asynchronous-unwind-tables -O2 -fno-stack-protector -fomit-frame-pointer -fno-lto -flto=thin -fsplit-lto-unit -fvisibility=hidden -Wall -Wundef -Werror=implicit-function-declaration -Werror=strict-prototypes -Wmissing-prototypes -Wno-unused-parameter -fsanitize=cfi-icall -I../src/kernel -Ikernel    -DKBUILD_MODFILE='"kernel/cfi"' -DKBUILD_BASENAME='"cfi"' -DKBUILD_MODNAME='"cfi"' -D__KBUILD_MODNAME=kmod_cfi -c -o kernel/cfi.o ../src/kernel/cfi.c  

source_kernel/cfi.o := ../src/kernel/cfi.c

deps_kernel/cfi.o := \
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

kernel/cfi.o: $(deps_kernel/cfi.o)

$(deps_kernel/cfi.o):

saved_c_flags_kernel/cfi.o := -D__KERNEL__ --target=x86_64-linux-gnu -fintegrated-as -Werror=unknown-warning-option -Werror=unused-command-line-argument -ffile-prefix-map=../src/= -std=gnu11 -ffreestanding -fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-red-zone -mcmodel=kernel -fno-asynchronous-unwind-tables -O2 -fno-stack-protector -fomit-frame-pointer -fno-lto -flto=thin -fsplit-lto-unit -fvisibility=hidden -Wall -Wundef -Werror=implicit-function-declaration -Werror=strict-prototypes -Wmissing-prototypes -Wno-unused-parameter -fsanitize=cfi-icall -I../src/kernel -Ikernel    -DKBUILD_MODFILE='"kernel/cfi"' -DKBUILD_BASENAME='"cfi"' -DKBUILD_MODNAME='"cfi"' -D__KBUILD_MODNAME=kmod_cfi
#SYMVER cfi_dispatch 0xe35ca9d0
#SYMVER cfi_call_handler 0xba308709
