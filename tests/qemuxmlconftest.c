#include "internal.h"
#include "testutils.h"
int main(void) { return virTestMain(); }
