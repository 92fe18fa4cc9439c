savedcmd_drivers/foo/foo_main.o := clang-19 -Wp,-MMD,drivers/foo/.foo_main.o.d -nostdinc -I../src/include -include ../src/include/sample/kconfig.h -include ../src/include/sample/compiler_types.h -D__KERNEL__ --target=x86_64-linux-gnu -fintegrated-as -Werror=unknown-warning-option -Werror=unused-command-line-argument -ffile-prefix-map=../src/= -std=gnu11 -ffreestanding -fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-red-zone -mcmodel=kernel -fno-asynchronous-unwind-tables -O2 -fno-stack-protector -fomit-frame-pointer -fno-lto -flto=thin -fsplit-lto-unit -fvisibility=hidden -Wall -Wundef -Werror=implicit-function-declaration -Werror=strict-prototypes -Wmissing-prototypes -Wno-unused-parameter -I../src/drivers/foo -Idrivers/foo  -DMODULE  -DKBUILD_BASENAME='"foo_main"' -DKBUILD_MODNAME='"foo"' -D__KBUILD_MODNAME=kmod_foo -c -o drivers/foo/foo_main.o ../src/drivers/foo/foo_main.c  

source_drivers/foo/foo_main.o := ../src/drivers/foo/foo_main.c

deps_drivers/foo/foo_main.o := \
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
  ../src/include/sample/params.h \
  ../src/include/sample/bar.h \
  ../src/include/sample/foo.h \

drivers/foo/foo_main.o: $(deps_drivers/foo/foo_main.o)

$(deps_drivers/foo/foo_main.o):
