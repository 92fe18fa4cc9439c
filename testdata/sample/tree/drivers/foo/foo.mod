drivers/foo/foo_main.o
drivers/foo/foo_util.o
