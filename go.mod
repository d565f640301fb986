module github.com/faqbot/faqbot

go 1.26.8

require (
	github.com/agnivade/levenshtein v1.2.2
	github.com/kljensen/snowball v0.10.0
	golang.org/x/text v0.44.0
	gopkg.in/yaml.v3 v3.0.1
)
