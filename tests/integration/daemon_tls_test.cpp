// berthd on TCP with TLS and client certificates, driven by the real docker CLI: a client with
// a certificate from the daemon's CA gets in, one without a certificate does not.

#include <regex>

#include <gtest/gtest.h>

#include "tests/integration/integration_env.hpp"

namespace engine::testing {
namespace {

// A CA, a server certificate for 127.0.0.1 and a client certificate, made with the openssl CLI.
void MakeCertificates(const std::filesystem::path& dir) {
    const std::string d = dir.string();
    const std::string script = R"(set -e
cd ")" + d + R"("
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1" 2>/dev/null; }
key ca-key.pem
openssl req -x509 -new -key ca-key.pem -out ca.pem -days 2 -subj /CN=berth-test-ca
key server-key.pem
openssl req -new -key server-key.pem -out server.csr -subj /CN=localhost
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -days 2 -extfile server.ext 2>/dev/null
mkdir -p client
key client/key.pem
openssl req -new -key client/key.pem -out client.csr -subj /CN=berth-test-client
printf 'extendedKeyUsage=clientAuth\n' > client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out client/cert.pem -days 2 -extfile client.ext 2>/dev/null
cp ca.pem client/ca.pem
)";
    const CommandResult made = RunCommand({"bash", "-c", script});
    if (made.exit_code != 0) {
        throw std::runtime_error("making certificates failed: " + made.err);
    }
}

TEST(DaemonTlsTest, DockerCliWithClientCertificateOnly) {
    TempDir root;
    MakeCertificates(root.path());
    const std::string dir = root.path().string();
    DaemonProcess daemon(BerthdPath(),
                         root.path(),
                         {"-H",
                          "tcp://127.0.0.1:0",
                          "--tlsverify",
                          "--tlscacert",
                          dir + "/ca.pem",
                          "--tlscert",
                          dir + "/server-cert.pem",
                          "--tlskey",
                          dir + "/server-key.pem"});
    daemon.Start();
    const std::smatch port = daemon.WaitForLog(std::regex("address=tcp://127\\.0\\.0\\.1:([0-9]+)"));
    const std::string host = "tcp://127.0.0.1:" + port[1].str();
    const std::string config = "DOCKER_CONFIG=" + dir;

    const CommandResult with_cert =
        RunCommand({"/usr/bin/docker", "-H", host, "version", "--format", "{{.Server.APIVersion}}"},
                   {"DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=" + dir + "/client", config});
    EXPECT_EQ(with_cert.exit_code, 0) << with_cert.err;
    EXPECT_EQ(with_cert.out, "1.41\n");

    const std::filesystem::path no_cert = root.path() / "no-cert";
    std::filesystem::create_directories(no_cert);
    std::filesystem::copy_file(root.path() / "ca.pem", no_cert / "ca.pem");
    const CommandResult without_cert = RunCommand(
        {"/usr/bin/docker", "-H", host, "--tls", "--tlscacert", (no_cert / "ca.pem").string(), "version"}, {config});
    EXPECT_NE(without_cert.exit_code, 0) << "a client without a certificate must be refused";
    const CommandResult plain = RunCommand({"/usr/bin/docker", "-H", host, "version"}, {config});
    EXPECT_NE(plain.exit_code, 0) << "plain HTTP to the TLS port must fail";
    EXPECT_TRUE(daemon.Connectable());
}

}  // namespace
}  // namespace engine::testing
