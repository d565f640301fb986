package textnorm

import "strings"

// expansions maps single normalised words (contractions written with or
// without an apostrophe, and common text-speak) to what they stand for.
var expansions = buildExpansions(map[string]string{
	"can't": "can not", "cant": "can not", "cannot": "can not", "won't": "will not",
	"wont": "will not", "don't": "do not", "dont": "do not", "doesnt": "does not",
	"didnt": "did not", "isnt": "is not", "arent": "are not", "wasnt": "was not",
	"werent": "were not", "havent": "have not", "hasnt": "has not", "hadnt": "had not",
	"shouldnt": "should not", "wouldnt": "would not", "couldnt": "could not",
	"aint": "is not", "im": "i am", "ive": "i have",
	"youre": "you are", "theyre": "they are", "thats": "that is", "whats": "what is", "wats": "what is", "wuts": "what is", "wots": "what is",
	"hows": "how is", "wheres": "where is", "whos": "who is", "lets": "let us",
	"u": "you", "ya": "you", "yu": "you", "r": "are", "ur": "your", "urs": "yours",
	"pls": "please", "plz": "please", "plez": "please", "thx": "thanks", "thnx": "thanks",
	"ty": "thank you", "tnx": "thanks", "b4": "before", "bc": "because", "bcuz": "because",
	"cuz": "because", "coz": "because", "cos": "because", "abt": "about", "bout": "about",
	"w": "with", "wit": "with", "wo": "without", "n": "and", "nd": "and",
	"wat": "what", "wut": "what", "wht": "what", "wen": "when", "hw": "how",
	"ppl": "people", "ppls": "people", "sum1": "someone", "some1": "someone",
	"any1": "anyone", "every1": "everyone", "no1": "no one", "2day": "today",
	"2morrow": "tomorrow", "tmrw": "tomorrow", "tmr": "tomorrow", "tho": "though",
	"thru": "through", "ok": "okay", "gonna": "going to", "wanna": "want to",
	"gotta": "got to", "kinda": "kind of", "sorta": "sort of", "dunno": "do not know",
	"idk": "i do not know", "rn": "right now", "asap": "as soon as possible",
	"bf": "boyfriend", "gf": "girlfriend", "hubby": "husband", "mum": "mom", "mam": "mom",
	"doc": "doctor", "docs": "doctors", "dr": "doctor", "drs": "doctors", "dx": "diagnosis",
	"dxd": "diagnosed", "rx": "prescription", "tx": "treatment", "meds": "medications",
	"med": "medication", "hrs": "hours", "hr": "hour", "mins": "minutes", "min": "minutes",
	"wk": "week", "wks": "weeks", "yr": "year", "yrs": "years", "info": "information",
	"appt": "appointment", "appts": "appointments", "pic": "picture", "bp": "blood pressure",
	"ya'll": "you all", "y'all": "you all", "gotten": "got",
})

func buildExpansions(m map[string]string) map[string][]string {
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[k] = strings.Fields(v)
	}
	return out
}
