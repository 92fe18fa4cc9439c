// SPDX-License-Identifier: MIT OR Apache-2.0
/*
 * extra/wrapped.o: compiled for x86_64-apple-macosx10.15 with -flto=thin, so
 * the bitcode sits inside the 0x0B17C0DE wrapper header (not part of vmlinux).
 */
int wrapped_add(int a, int b);
int wrapped_twice(int a);

int wrapped_add(int a, int b)
{
	return a + b;
}

int wrapped_twice(int a)
{
	return wrapped_add(a, a);
}
