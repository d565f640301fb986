package web_test

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

const chromiumPath = "/usr/bin/chromium"

// browser starts headless Chromium for one test. Without Chromium the test
// is skipped, except in CI, which installs Debian's chromium package.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the console test needs Chromium at %s (apt-get install chromium): %v", chromiumPath, err)
		}
		t.Skipf("no Chromium at %s; install Debian's chromium package to run the console test", chromiumPath)
	}
	// A deadline for a stuck browser only: the test takes about 10 s, more
	// under -race on a busy machine.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(cancelTab)
	// Start the browser now, once: listeners started later must not race
	// to start it.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return bctx
}

// consolePage drives the console in one tab and fails the test on any
// step that does not happen within seconds.
type consolePage struct {
	t   *testing.T
	ctx context.Context
}

func (p consolePage) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// until waits for a JavaScript condition to hold in the page.
func (p consolePage) until(what, expr string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		text, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
		p.t.Fatalf("%s: %v\npage text:\n%s", what, err, text)
	}
}

// typeAtStart puts the caret at the start of a field and types there, as
// an admin does.
func (p consolePage) typeAtStart(id, text string) {
	p.t.Helper()
	p.do("type into #"+id,
		chromedp.Evaluate[chromedp.Void](`(() => { const f = document.getElementById('`+id+`'); f.focus(); f.setSelectionRange(0, 0); })()`),
		chromedp.KeyEvent(text))
}

func js(s string) string { b, _ := json.Marshal(s); return string(b) }

func TestConsoleEditsAnAnswerInChromium(t *testing.T) {
	srv := consoleServer(t)
	ctx := browser(t)
	api := client{t, srv.URL}
	const id = "infusion-driving-home"
	const marker = "Please ask a friend to drive you home."
	const question = "can I drive myself home after the infusion?"

	// A question the bot cannot answer, for the unanswered list.
	if rs := api.say("who won the football last night"); rs[len(rs)-1]["kind"] != "fallback" {
		t.Fatalf("the unanswerable question got %v", rs[len(rs)-1]["kind"])
	}

	// Every confirm() is accepted, as an admin clicking OK; every page
	// error and CSP violation is kept to fail the test.
	var mu sync.Mutex
	var dialogs, pageErrors []string
	go func() {
		for ev, err := range chromedp.Events(ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			mu.Lock()
			dialogs = append(dialogs, ev.Message)
			mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			// Refused requests (401, 409) are logged by the network and expected.
			if (m.IsException() || m.Type == chromedp.ConsoleError) && m.Source != "network" {
				mu.Lock()
				pageErrors = append(pageErrors, m.String())
				mu.Unlock()
			}
		}
	}()
	p := consolePage{t, ctx}

	p.do("open the console", chromedp.Navigate(srv.URL+"/admin"), chromedp.WaitVisible(chromedp.ID("token")))

	// A wrong token is refused in the page.
	p.do("sign in with a wrong token", chromedp.SendKeys(chromedp.ID("token"), "not-the-admin-token-000"), chromedp.Click(chromedp.ID("signin")))
	p.until("the wrong token is refused", `document.getElementById('signin-error').textContent.includes('not accepted')`)
	p.until("nothing is shown or kept after a refusal", `document.getElementById('entries-view').hidden && !sessionStorage.getItem('faqbot-admin-token')`)

	// The right token shows the entries, and the search filters them.
	p.do("sign in", chromedp.Evaluate[chromedp.Void](`document.getElementById('token').value = ''`), chromedp.SendKeys(chromedp.ID("token"), adminToken), chromedp.Click(chromedp.ID("signin")))
	p.until("the entries are listed", `document.querySelectorAll('#entry-rows tr').length > 20`)
	p.do("search", chromedp.SendKeys(chromedp.ID("search"), "drive"))
	p.until("the search keeps the driving entry only", `[...document.querySelectorAll('#entry-rows tr')].map(r => r.dataset.id).join() === '`+id+`'`)

	// Edit the answer: the preview follows the typing, then save.
	p.do("open the entry", chromedp.Click(chromedp.CSS(`#entry-rows button[data-id="`+id+`"]`)))
	p.until("the entry is loaded and passes lint", `document.getElementById('f-body').value.length > 100 && document.getElementById('lint-summary').textContent.startsWith('No problems')`)
	p.typeAtStart("f-body", marker+" ")
	p.until("the live preview shows the new text", `document.getElementById('preview-answer').textContent.includes(`+js(marker)+`)`)
	p.do("save", chromedp.Click(chromedp.ID("save")))
	p.until("the save is confirmed", `document.getElementById('save-status').textContent.startsWith('Saved as version 2')`)

	if rs := api.say(question); !strings.Contains(rs[len(rs)-1]["text"].(string), marker) {
		t.Fatalf("after the save the bot answered %q", rs[len(rs)-1]["text"])
	}

	// Someone else saves meanwhile: the console's save is refused and
	// keeps what was typed.
	_, cur := api.do("GET", "/admin/api/entries/"+id, adminToken, "")
	cur["title"] = "Can I drive myself home after a ketamine infusion?"
	theirs, _ := json.Marshal(cur)
	if code, out := api.put(id, "2", string(theirs)); code != 200 {
		t.Fatalf("the other admin's save: %d %v", code, out)
	}
	p.typeAtStart("f-body", "Thanks. ")
	p.do("save over their change", chromedp.Click(chromedp.ID("save")))
	p.until("the conflict is explained", `!document.getElementById('save-error').hidden && document.getElementById('save-error').textContent.includes('Someone else changed this entry')`)
	p.until("the typed text is kept", `document.getElementById('f-body').value.startsWith('Thanks. '+`+js(marker)+`)`)
	p.do("load their version", chromedp.Click(chromedp.ID("reload-theirs")))
	p.until("their version is in the form", `document.getElementById('edit-version').textContent === 'Version 3.' && document.getElementById('f-title').value.includes('myself')`)

	// History shows the change as a diff; revert to the shipped version.
	p.do("show the history", chromedp.Click(chromedp.ID("load-history")))
	p.until("the history lists every version", `document.querySelectorAll('#history-rows tr').length === 3 && document.getElementById('history-rows').textContent.includes('ann')`)
	p.do("show the changes of version 2", chromedp.Click(chromedp.CSS(`button[aria-label="Show changes in version 2"]`)))
	p.until("the diff shows the added text", `[...document.querySelectorAll('#diff-body ins')].some(l => l.textContent.includes(`+js(marker)+`)) && document.querySelectorAll('#diff-body del').length === 1`)
	p.do("revert to version 1", chromedp.Click(chromedp.Search(`//button[text()="Revert to version 1"]`)))
	p.until("the revert is confirmed", `document.getElementById('save-status').textContent.startsWith('Reverted: version 4')`)
	if rs := api.say(question); strings.Contains(rs[len(rs)-1]["text"].(string), marker) {
		t.Error("after the revert the bot still answers with the edited text")
	}

	// The unanswered question becomes the first question of a new entry.
	p.do("open the unanswered questions", chromedp.Click(chromedp.CSS(`nav button[data-view="unanswered"]`)))
	p.until("the question is listed", `document.getElementById('unanswered-rows').textContent.includes('football')`)
	p.do("create an entry from it", chromedp.Click(chromedp.CSS(`#unanswered-rows button`)))
	p.until("a new entry starts with the question", `document.getElementById('edit-h').textContent === 'New entry' && document.getElementById('f-questions').value.includes('football') && !document.getElementById('f-id').readOnly`)

	p.do("open the stats", chromedp.Click(chromedp.CSS(`nav button[data-view="stats"]`)))
	_, stats := api.do("GET", "/admin/api/stats", adminToken, "")
	p.until("the stats show the entry count", `document.getElementById('stats-counts').textContent.includes('Entries`+strconv.Itoa(int(stats["entries"].(float64)))+`')`)

	p.do("sign out", chromedp.Click(chromedp.ID("signout")))
	p.until("signing out forgets the token", `!document.getElementById('signin-view').hidden && !sessionStorage.getItem('faqbot-admin-token')`)

	mu.Lock()
	defer mu.Unlock()
	if len(dialogs) != 2 || !strings.Contains(dialogs[1], "Revert") {
		t.Errorf("confirmations asked: %q, want one before loading their version and one before the revert", dialogs)
	}
	if len(pageErrors) > 0 {
		t.Errorf("the page reported errors:\n%s", strings.Join(pageErrors, "\n"))
	}
}
