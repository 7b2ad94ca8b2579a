// A static UDP echo server and client for network tests: Debian's busybox has no UDP server
// applet and its nc no -u (DESIGN.md section 7), so tests bind-mount this into containers.
// Addresses only (a static binary cannot resolve names inside a bare busybox rootfs).
//   udp-echo serve PORT              echo every datagram back to its sender, forever
//   udp-echo send IP PORT MESSAGE    send MESSAGE, print the reply; exit 1 after 3 s without one

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int Serve(int port) {
    const int fd = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        std::perror("udp-echo: bind");
        return 1;
    }
    char buffer[65536];
    for (;;) {
        sockaddr_in peer{};
        socklen_t peer_size = sizeof peer;
        const ssize_t size = recvfrom(fd, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&peer), &peer_size);
        if (size >= 0) {
            sendto(fd, buffer, static_cast<size_t>(size), 0, reinterpret_cast<sockaddr*>(&peer), peer_size);
        }
    }
}

int Send(const char* ip, int port, const char* message) {
    const int fd = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    if (fd < 0 || inet_pton(AF_INET, ip, &address.sin_addr) != 1 ||
        connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        std::perror("udp-echo: connect");
        return 1;
    }
    // Resent every 500 ms: the first datagram may arrive before the server listens.
    for (int attempt = 0; attempt < 6; ++attempt) {
        send(fd, message, std::strlen(message), 0);
        pollfd wait{fd, POLLIN, 0};
        if (poll(&wait, 1, 500) == 1) {
            char buffer[65536];
            const ssize_t size = recv(fd, buffer, sizeof buffer, 0);
            if (size >= 0) {
                std::fwrite(buffer, 1, static_cast<size_t>(size), stdout);
                std::fputc('\n', stdout);
                return 0;
            }
        }
    }
    std::fprintf(stderr, "udp-echo: no reply from %s:%d\n", ip, port);
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[1], "serve") == 0) {
        return Serve(std::atoi(argv[2]));
    }
    if (argc == 5 && std::strcmp(argv[1], "send") == 0) {
        return Send(argv[2], std::atoi(argv[3]), argv[4]);
    }
    std::fprintf(stderr, "usage: udp-echo serve PORT | udp-echo send IP PORT MESSAGE\n");
    return 2;
}
