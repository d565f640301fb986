module github.com/faqbot/faqbot

go 1.26.8

require (
	github.com/agnivade/levenshtein v1.2.2 // indirect
	github.com/kljensen/snowball v0.10.0 // indirect
	golang.org/x/sync v0.25.0 // indirect
	golang.org/x/text v0.44.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
