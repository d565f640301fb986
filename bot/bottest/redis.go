package bottest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is a real redis-server started for a test on a free local port.
type Redis struct {
	Addr string
	cmd  *exec.Cmd
	dir  string
	port int
}

// StartRedis starts redis-server on a free loopback port and stops it when
// the test ends. Without redis-server on PATH the test is skipped, except
// in CI (CI=true), where that is a failure.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if isCI() {
			t.Fatal("redis-server is not installed; .ci/run installs it from Debian's packages")
		}
		t.Skip("redis-server is not installed (apt-get install redis-server)")
	}
	r := &Redis{dir: t.TempDir(), port: freePort(t)}
	r.Addr = fmt.Sprintf("127.0.0.1:%d", r.port)
	r.start(t, bin)
	t.Cleanup(r.Stop)
	return r
}

func (r *Redis) start(t testing.TB, bin string) {
	t.Helper()
	r.cmd = exec.Command(bin, "--port", fmt.Sprint(r.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", r.dir, "--logfile", filepath.Join(r.dir, "redis.log"))
	if err := r.cmd.Start(); err != nil {
		t.Fatalf("start redis-server: %v", err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr})
	defer rdb.Close()
	deadline := time.Now().Add(10 * time.Second)
	for rdb.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			t.Fatalf("redis-server on %s did not start", r.Addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func isCI() bool { return os.Getenv("CI") != "" }

// Stop kills the server.
func (r *Redis) Stop() {
	if r.cmd != nil && r.cmd.Process != nil {
		_ = r.cmd.Process.Kill()
		_ = r.cmd.Wait()
		r.cmd = nil
	}
}

// Restart starts the server again on the same port after Stop.
func (r *Redis) Restart(t testing.TB) {
	t.Helper()
	r.Stop()
	bin, _ := exec.LookPath("redis-server")
	r.start(t, bin)
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
