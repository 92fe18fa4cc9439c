drivers/bar/bar.o
