// minidj: the command-line entry point. One file per verb (verb_*.cpp); this one only wires them.
#include <cstdio>

int main() {
    std::puts("minidj: under construction");
    return 0;
}
