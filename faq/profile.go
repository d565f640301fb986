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

func (p Profile) values() map[string]string {
	c := p.Clinic
	return map[string]string{
		"clinic.name": c.Name, "clinic.phone": c.Phone, "clinic.email": c.Email,
		"clinic.website": c.Website, "clinic.address": c.Address, "clinic.hours": c.Hours,
		"clinic.parking": c.Parking, "clinic.booking": c.Booking,
		"clinic.cancellation_policy": c.CancellationPolicy, "clinic.pricing": c.Pricing,
		"clinic.payment_options": c.PaymentOptions,
		"emergency.number":       p.Emergency.Number, "crisis.line": p.Crisis.Line,
	}
}

// Value returns the profile's value for a placeholder name such as
// "clinic.phone", or its default phrase when the profile lacks it.
func (p Profile) Value(name string) string {
	if v := strings.TrimSpace(p.values()[name]); v != "" {
		return v
	}
	return placeholderDefaults[name]
}

// Render fills the placeholders in text from the profile. Unknown
// placeholders are left as written; lint reports them.
func (p Profile) Render(text string) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	vals := p.values()
	return placeholderRE.ReplaceAllStringFunc(text, func(m string) string {
		name := placeholderRE.FindStringSubmatch(m)[1]
		def, known := placeholderDefaults[name]
		if !known {
			return m
		}
		if v := strings.TrimSpace(vals[name]); v != "" {
			return v
		}
		return def
	})
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
