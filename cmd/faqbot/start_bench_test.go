package main

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startToReady starts "faqbot serve" on embedded defaults and returns,
// once /readyz answers 200, the process and how long that took from
// exec. The caller stops the process.
func startToReady(b *testing.B) (*exec.Cmd, time.Duration) {
	b.Helper()
	addr := freeAddr(b)
	cmd := exec.Command(binary(b), "serve")
	cmd.Env = append(os.Environ(), "FAQBOT_HTTP_ADDR="+addr)
	client := &http.Client{Timeout: time.Second}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	for {
		if resp, err := client.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return cmd, time.Since(start)
			}
		}
		if time.Since(start) > 15*time.Second {
			stop(cmd)
			b.Fatal("faqbot serve did not become ready")
		}
		time.Sleep(time.Millisecond)
	}
}

func stop(cmd *exec.Cmd) {
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
}

// BenchmarkStartToReady measures, per op, one start of "faqbot serve"
// from exec to the first 200 from /readyz, polled every millisecond.
// The target is 150 ms.
func BenchmarkStartToReady(b *testing.B) {
	binary(b) // built before timing
	var total time.Duration
	for b.Loop() {
		cmd, took := startToReady(b)
		total += took
		b.StopTimer()
		stop(cmd)
		time.Sleep(100 * time.Millisecond) // let the cores settle between starts
		b.StartTimer()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-ready")
}

// BenchmarkIdleRSS starts "faqbot serve" on embedded defaults, waits
// five seconds with no traffic and reports its resident memory. The
// issue's target is 30 MB. Run it with -benchtime 1x.
func BenchmarkIdleRSS(b *testing.B) {
	binary(b)
	for b.Loop() {
		cmd, _ := startToReady(b)
		time.Sleep(5 * time.Second)
		rss, anon, file := residentKB(b, cmd.Process.Pid)
		stop(cmd)
		b.ReportMetric(float64(rss)/1024, "MB-rss")
		b.ReportMetric(float64(anon)/1024, "MB-anon")
		b.ReportMetric(float64(file)/1024, "MB-file")
	}
}

// residentKB reads a process's resident memory from /proc: in all, and
// split into anonymous memory (mostly the heap) and file pages (mostly
// the binary's own).
func residentKB(b *testing.B, pid int) (rss, anon, file int) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Skip("no /proc on this system")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, _ := strings.Cut(sc.Text(), ":")
		kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(value), " kB"))
		switch name {
		case "VmRSS":
			rss = kb
		case "RssAnon":
			anon = kb
		case "RssFile":
			file = kb
		}
	}
	return rss, anon, file
}
