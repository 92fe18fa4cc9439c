savedcmd_drivers/bar/bar.o := clang-19 -Wp,-MMD,drivers/bar/.bar.o.d -nostdinc -I../src/include -include ../src/include/sample/kconfig.h -include ../src/include/sample/compiler_types.h -D__KERNEL__ --target=x86_64-linux-gnu -fintegrated-as -Werror=unknown-warning-option -Werror=unused-command-line-argument -ffile-prefix-map=../src/= -std=gnu11 -ffreestanding -fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-red-zone -mcmodel=kernel -fno-asynchronous-unwind-tables -O2 -fno-stack-protector -fomit-frame-pointer -fno-lto -flto=thin -fsplit-lto-unit -fvisibility=hidden -Wall -Wundef -Werror=implicit-function-declaration -Werror=strict-prototypes -Wmissing-prototypes -Wno-unused-parameter -I../src/drivers/bar -Idrivers/bar  -DMODULE  -DKBUILD_BASENAME='"bar"' -DKBUILD_MODNAME='"bar"' -D__KBUILD_MODNAME=kmod_bar -c -o drivers/bar/bar.o ../src/drivers/bar/bar.c  ; ld.lld-19 -m elf_x86_64 -mllvm -import-instr-limit=5 -z noexecstack   -r -o drivers/bar/.tmp_bar.o drivers/bar/bar.o; mv drivers/bar/.tmp_bar.o drivers/bar/bar.o 

source_drivers/bar/bar.o := ../src/drivers/bar/bar.c

deps_drivers/bar/bar.o := \
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
  ../src/include/sample/module.h \
  ../src/include/sample/api.h \
  ../src/include/sample/device.h \
  ../src/include/sample/bar.h \

drivers/bar/bar.o: $(deps_drivers/bar/bar.o)

$(deps_drivers/bar/bar.o):

saved_c_flags_drivers/bar/bar.o := -D__KERNEL__ --target=x86_64-linux-gnu -fintegrated-as -Werror=unknown-warning-option -Werror=unused-command-line-argument -ffile-prefix-map=../src/= -std=gnu11 -ffreestanding -fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-red-zone -mcmodel=kernel -fno-asynchronous-unwind-tables -O2 -fno-stack-protector -fomit-frame-pointer -fno-lto -flto=thin -fsplit-lto-unit -fvisibility=hidden -Wall -Wundef -Werror=implicit-function-declaration -Werror=strict-prototypes -Wmissing-prototypes -Wno-unused-parameter -I../src/drivers/bar -Idrivers/bar  -DMODULE  -DKBUILD_BASENAME='"bar"' -DKBUILD_MODNAME='"bar"' -D__KBUILD_MODNAME=kmod_bar
#SYMVER bar_value 0x7a10490e
#SYMVER bar_api 0xe65d785a
