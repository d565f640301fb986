package match

import (
	"fmt"
	"github.com/faqbot/faqbot/faq"
	"testing"
)

func TestDbg(t *testing.T) {
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	ix := New(set.Entries())
	for _, q := range []string{"What's a good gluten-free lasagna recipe?", "Does Medicare cover physical therapy sessions?", "Can my dog have ibuprofen for his limp?", "What is ketamine?", "Who should not have ketamine infusions?"} {
		fmt.Println(q, ix.an.terms(q), ix.Search(q, 3))
	}
}
