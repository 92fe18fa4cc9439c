savedcmd_extra/wrapped.o := clang-19 -Wp,-MMD,extra/.wrapped.o.d -nostdinc -target x86_64-apple-macosx10.15 -O2 -flto=thin -c -o extra/wrapped.o ../src/extra/wrapped.c  

source_extra/wrapped.o := ../src/extra/wrapped.c

deps_extra/wrapped.o := \

extra/wrapped.o: $(deps_extra/wrapped.o)

$(deps_extra/wrapped.o):
