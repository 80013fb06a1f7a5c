// A C++ program against an installed CDendrite: the header compiles as C++ and links.
#include <cdendrite.h>

#include <cstdio>
#include <vector>

int main() {
    std::vector<double> x = {1.0, 2.0, 3.0, 4.0};
    const double sum = dd_d_sum(static_cast<int64_t>(x.size()), x.data());
    std::vector<float> z = {1.0f, 2.0f, 3.0f}, p(3);
    dd_s_softmax_forward(1, 3, z.data(), p.data());
    if (sum != 10.0 || !(p[2] > p[1] && p[1] > p[0])) {
        std::printf("C++: dd_d_sum = %g, softmax = %g %g %g\n", sum, p[0], p[1], p[2]);
        return 1;
    }
    std::printf("C++: cdendrite.h ok (cdendrite %s)\n", dd_version());
    return 0;
}
