savedcmd_kernel/nsapi.o := clang-19 -Wp,-MMD,kernel/.nsapi.o.d -nostdinc -I../src/include -include ../src/include/sample/kconfig.h -include ../src/include/sample/compiler_types.h -D__KERNEL__ --target=x86_64-linux-gnu -fintegrated-as -Werror=unknown-warning-option -Werror=unused-command-line-argument -ffile-prefix-map=../src/= -std=gnu11 -ffreestanding -fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-red-zone -mcmodel=kernel -fno-asynchronous-unwind-tables -O2 -fno-stack-protector -fomit-frame-pointer -fno-lto -flto=thin -fsplit-lto-unit -fvisibility=hidden -Wall -Wundef -Werror=implicit-function-declaration -Werror=strict-prototypes -Wmissing-prototypes -Wno-unused-parameter -I../src/kernel -Ikernel    -DKBUILD_MODFILE='"kernel/nsapi"' -DKBUILD_BASENAME='"nsapi"' -DKBUILD_MODNAME='"nsapi"' -D__KBUILD_MODNAME=kmod_nsapi -c -o kernel/nsapi.o ../src/kernel/nsapi.c  

source_kernel/nsapi.o := ../src/kernel/nsapi.c

deps_kernel/nsapi.o := \
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

kernel/nsapi.o: $(deps_kernel/nsapi.o)

$(deps_kernel/nsapi.o):
#SYMVER ns_api_version 0x52e40e06
#SYMVER ns_get_device 0xce0488d8
