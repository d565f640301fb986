package faq

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// Profile holds the clinic's own facts. Entries never state them directly;
// they name them with placeholders such as {{clinic.phone}}.
type Profile struct {
	// Example marks the shipped sample profile, whose values are made up.
	Example   bool          `yaml:"example"`
	Clinic    ClinicDetails `yaml:"clinic"`
	Emergency struct {
		Number string `yaml:"number"`
	} `yaml:"emergency"`
	Crisis struct {
		Line string `yaml:"line"`
	} `yaml:"crisis"`
}

// ClinicDetails are the clinic's contact details and policies.
type ClinicDetails struct {
	Name               string `yaml:"name"`
	Phone              string `yaml:"phone"`
	Email              string `yaml:"email"`
	Website            string `yaml:"website"`
	Address            string `yaml:"address"`
	Hours              string `yaml:"hours"`
	Parking            string `yaml:"parking"`
	Booking            string `yaml:"booking"`
	CancellationPolicy string `yaml:"cancellation_policy"`
	Pricing            string `yaml:"pricing"`
	PaymentOptions     string `yaml:"payment_options"`
	// OpeningHours maps a weekday ("mon" … "sun") to "HH:MM-HH:MM" in
	// Timezone; days not listed are closed. Holidays are YYYY-MM-DD.
	OpeningHours map[string]string `yaml:"opening_hours"`
	Timezone     string            `yaml:"timezone"`
	Holidays     []string          `yaml:"holidays"`
}

// placeholderDefaults lists every known placeholder and the phrase used when
// the profile leaves it empty. Entries are written to read well with both.
var placeholderDefaults = map[string]string{
	"clinic.name":                "the clinic",
	"clinic.phone":               "the clinic's main phone number",
	"clinic.email":               "the clinic's email address",
	"clinic.website":             "the clinic's website",
	"clinic.address":             "the address in your appointment letter",
	"clinic.hours":               "the opening hours on the clinic's website",
	"clinic.parking":             "ask the front desk about parking and drop-off",
	"clinic.booking":             "call the front desk",
	"clinic.cancellation_policy": "ask the front desk for the current policy",
	"clinic.pricing":             "ask the front desk for a written quote",
	"clinic.payment_options":     "ask the front desk which payment options they offer",
	"emergency.number":           "911",
	"crisis.line":                "988 (call or text the Suicide & Crisis Lifeline)",
}

var placeholderRE = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// LoadProfile reads a clinic profile from a YAML file.
func LoadProfile(path string) (Profile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Profile{}, fmt.Errorf("read clinic profile: %w", err)
	}
	return ParseProfile(data)
}

// ParseProfile decodes a clinic profile from YAML.
func ParseProfile(data []byte) (Profile, error) {
	var p Profile
	if err := yaml.Unmarshal(data, &p); err != nil {
		return Profile{}, fmt.Errorf("parse clinic profile: %w", err)
	}
	return p, nil
}

// value returns the profile's own value for a placeholder name.
func (p Profile) value(name string) string {
	c := p.Clinic
	switch name {
	case "clinic.name":
		return c.Name
	case "clinic.phone":
		return c.Phone
	case "clinic.email":
		return c.Email
	case "clinic.website":
		return c.Website
	case "clinic.address":
		return c.Address
	case "clinic.hours":
		return c.Hours
	case "clinic.parking":
		return c.Parking
	case "clinic.booking":
		return c.Booking
	case "clinic.cancellation_policy":
		return c.CancellationPolicy
	case "clinic.pricing":
		return c.Pricing
	case "clinic.payment_options":
		return c.PaymentOptions
	case "emergency.number":
		return p.Emergency.Number
	case "crisis.line":
		return p.Crisis.Line
	}
	return ""
}

// Value returns the profile's value for a placeholder name such as
// "clinic.phone", or its default phrase when the profile lacks it.
func (p Profile) Value(name string) string {
	if v := strings.TrimSpace(p.value(name)); v != "" {
		return v
	}
	return placeholderDefaults[name]
}

// Render fills the placeholders in text from the profile. Unknown
// placeholders are left as written; lint reports them. It finds what
// placeholderRE finds, without a regular expression: it runs for every
// reply.
func (p Profile) Render(text string) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	var b strings.Builder
	rest := text
	for {
		open := strings.Index(rest, "{{")
		if open < 0 {
			break
		}
		end := strings.Index(rest[open+2:], "}}")
		if end < 0 {
			break
		}
		inner := rest[open+2 : open+2+end]
		if strings.ContainsAny(inner, "{}") {
			// Not a placeholder here; one may start one byte on.
			b.WriteString(rest[:open+1])
			rest = rest[open+1:]
			continue
		}
		b.WriteString(rest[:open])
		name := strings.Trim(inner, " \t\n\f\r")
		if _, known := placeholderDefaults[name]; known {
			b.WriteString(p.Value(name))
		} else {
			b.WriteString(rest[open : open+2+end+2])
		}
		rest = rest[open+2+end+2:]
	}
	b.WriteString(rest)
	return b.String()
}

// unknownPlaceholders returns the placeholder names in text that are not known.
func unknownPlaceholders(text string) []string {
	var out []string
	for _, m := range placeholderRE.FindAllStringSubmatch(text, -1) {
		if _, ok := placeholderDefaults[m[1]]; !ok {
			out = append(out, m[1])
		}
	}
	return out
}
