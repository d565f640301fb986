package web

import (
	_ "embed"
	"net/http"
)

// The admin console is one page with its own script and style sheet, so
// its Content-Security-Policy can forbid every inline script and style.
var (
	//go:embed console.html
	consolePage []byte
	//go:embed console.js
	consoleScript []byte
	//go:embed console.css
	consoleStyle []byte
)

// consoleCSP lets the console load only its own files and call only its
// own server.
const consoleCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// routeConsole serves the admin console at /admin. The page holds no
// data: everything it shows comes from the admin API with the token the
// admin types in.
func routeConsole(mux *http.ServeMux) {
	page := consoleAsset("text/html; charset=utf-8", consolePage)
	mux.HandleFunc("GET /admin", page)
	mux.HandleFunc("GET /admin/{$}", page)
	mux.HandleFunc("GET /admin/console.js", consoleAsset("text/javascript; charset=utf-8", consoleScript))
	mux.HandleFunc("GET /admin/console.css", consoleAsset("text/css; charset=utf-8", consoleStyle))
}

func consoleAsset(contentType string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h.Set("Content-Type", contentType)
		h.Set("Content-Security-Policy", consoleCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write(body)
	}
}
