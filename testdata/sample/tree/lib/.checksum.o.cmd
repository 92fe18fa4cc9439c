savedcmd_lib/checksum.o := clang-19 -Wp,-MMD,lib/.checksum.o.d -nostdinc -I../src/include -include ../src/include/sample/kconfig.h -include ../src/include/sample/compiler_types.h -D__KERNEL__ --target=x86_64-linux-gnu -fintegrated-as -Werror=unknown-warning-option -Werror=unused-command-line-argument -ffile-prefix-map=../src/= -std=gnu11 -ffreestanding -fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-red-zone -mcmodel=kernel -fno-asynchronous-unwind-tables -O2 -fno-stack-protector -fomit-frame-pointer -fno-lto -Wall -Wundef -Werror=implicit-function-declaration -Werror=strict-prototypes -Wmissing-prototypes -Wno-unused-parameter -I../src/lib -Ilib    -DKBUILD_MODFILE='"lib/checksum"' -DKBUILD_BASENAME='"checksum"' -DKBUILD_MODNAME='"checksum"' -D__KBUILD_MODNAME=kmod_checksum -c -o lib/checksum.o ../src/lib/checksum.c  

source_lib/checksum.o := ../src/lib/checksum.c

deps_lib/checksum.o := \
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

lib/checksum.o: $(deps_lib/checksum.o)

$(deps_lib/checksum.o):
#SYMVER csum_table 0xf1feb867
#SYMVER csum_fold_sample 0x5f329119
