package faq

import "testing"

// FuzzRenderFindsWhatTheExpressionFinds checks Render's hand-written scan
// against placeholderRE, the expression lint uses.
func FuzzRenderFindsWhatTheExpressionFinds(f *testing.F) {
	for _, s := range []string{
		"Call {{clinic.phone}} or {{ emergency.number }}.", "{{unknown.thing}}", "{{a{{clinic.name}}",
		"{{{clinic.name}}}", "{{clinic.name}b}}", "{{\tcrisis.line\n}}", "{{}}", "}}{{", "{{clinic.name",
	} {
		f.Add(s)
	}
	p := Profile{}
	p.Clinic.Phone = "555-0100"
	f.Fuzz(func(t *testing.T, text string) {
		want := placeholderRE.ReplaceAllStringFunc(text, func(m string) string {
			name := placeholderRE.FindStringSubmatch(m)[1]
			if _, known := placeholderDefaults[name]; !known {
				return m
			}
			return p.Value(name)
		})
		if got := p.Render(text); got != want {
			t.Errorf("Render(%q) = %q, want %q", text, got, want)
		}
	})
}
