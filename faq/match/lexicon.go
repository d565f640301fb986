package match

import "strings"

// lexicon maps patients' words and phrases (already normalised by
// textnorm) to the words the FAQ uses. A phrase may map to several words;
// the original words are dropped, so "special k" counts as "ketamine".
// Brand names map to the generic name and, for drug classes, the class.
var lexicon = buildLexicon(map[string][]string{
	"ketamine": {"special k", "k", "vitamin k infusion", "ket", "ketamin", "ketamene", "ketamine's",
		"ketalar", "horse tranquilizer", "horse tranquiliser", "horse tranq", "horse tranqs", "horse sedative", "horse drug", "horse medicine", "horse med"},
	"infusion":            {"the drip", "drip", "drips", "iv", "ivs", "i v", "intravenous", "infusions", "infused", "infuse"},
	"infusion session":    {"treatment session", "ketamine session"},
	"fibromyalgia":        {"fibro", "fibros", "fm", "fms", "fibromyalgia syndrome", "fibromialgia", "fibromyalgias"},
	"pregabalin lyrica":   {"lyrica", "pregabalin"},
	"duloxetine cymbalta": {"cymbalta", "duloxetine"},
	"milnacipran savella": {"savella", "milnacipran"},
	"esketamine spravato": {"spravato", "esketamine", "nasal spray ketamine", "ketamine nasal spray", "ketamine spray"},
	"gabapentin":          {"neurontin", "gralise"},
	"amitriptyline":       {"elavil"},
	"cyclobenzaprine":     {"flexeril"},
	"benzodiazepine": {"benzo", "benzos", "benzodiazepines", "xanax", "valium", "ativan", "klonopin",
		"alprazolam", "lorazepam", "diazepam", "clonazepam"},
	"lamotrigine": {"lamictal"},
	"opioid": {"opioids", "opiate", "opiates", "oxy", "oxycodone", "oxycontin", "percocet", "vicodin",
		"hydrocodone", "tramadol", "morphine", "norco", "fentanyl", "codeine", "painkillers", "pain killers"},
	"alcohol":        {"booze", "wine", "beer", "glass of wine"},
	"antidepressant": {"antidepressants", "ssri", "ssris", "snri", "snris", "zoloft", "prozac", "lexapro", "wellbutrin"},
	"pregnant pregnancy": {"pregnant", "pregnancy", "preggers", "preggo", "expecting a baby",
		"with child", "ttc", "trying to conceive", "trying for a baby", "trying for a family", "conceive"},
	"breastfeeding": {"breast feeding", "breast feed", "breastfeed", "nursing my baby", "nursing a baby", "pumping", "breast milk", "breastmilk"},
	"cost":          {"price", "prices", "pricing", "pricey", "expensive", "afford", "dollars", "bucks", "fee", "fees", "charge", "cheap", "costs", "money", "pay", "paying"},
	"insurance": {"insurer", "insurers", "medicare", "medicaid", "bcbs", "aetna", "cigna", "united healthcare",
		"coverage", "covered", "covers", "copay", "co pay", "deductible", "hsa", "fsa", "superbill"},
	"drive":          {"driving", "drove", "behind the wheel", "my car", "uber", "lyft", "taxi", "cab", "rideshare"},
	"dissociation":   {"dissociative", "dissociate", "dissociating", "k hole", "khole", "k holes", "trip", "tripping", "trippy", "out of body", "floaty", "floating", "hallucinate", "hallucinating", "hallucinations", "psychedelic"},
	"addiction":      {"addictive", "addicted", "hooked", "habit forming", "dependence", "dependent", "addict", "misuse", "abuse"},
	"brain fog":      {"fibro fog", "foggy", "brainfog", "fog"},
	"side effects":   {"side effect", "sideeffects", "sfx", "adverse effects"},
	"booster":        {"boosters", "top up", "top ups", "topup", "maintenance infusion", "maintenance infusions", "maintenance dose"},
	"appointment":    {"appointments", "appt", "slot", "consult", "consultation"},
	"reschedule":     {"re schedule", "rebook", "re book", "move my appointment", "change my appointment", "push back my appointment"},
	"cancel":         {"cancelling", "canceling", "cancellation", "cancelation", "cancelled", "canceled"},
	"depression":     {"depressed", "depressive", "low mood", "mood"},
	"fda":            {"f d a", "food and drug administration"},
	"off label":      {"offlabel", "off-label", "unapproved", "not approved"},
	"blood pressure": {"hypertension", "high bp"},
	"bladder":        {"pee", "peeing", "urine", "urinating", "urinary", "cystitis"},
	"nausea":         {"nauseous", "nauseated", "queasy", "sick to my stomach", "throw up", "throwing up", "vomit", "vomiting", "puke", "puking"},
	"companion":      {"plus one", "chaperone", "support person"},
	"hours":          {"opening hours", "open", "opening times", "business hours"},
	"address":        {"located", "location", "directions", "find you", "where are you"},
})

// buildLexicon splits phrases into word sequences for greedy matching.
func buildLexicon(m map[string][]string) map[string][]string {
	out := make(map[string][]string)
	for canon, phrases := range m {
		words := strings.Fields(canon)
		for _, p := range phrases {
			out[p] = words
		}
	}
	return out
}

const maxPhraseWords = 4

// phraseStarts holds the first word of every phrase of two or more words,
// so applyLexicon joins words only where a phrase may start.
var phraseStarts = func() map[string]bool {
	out := map[string]bool{}
	for p := range lexicon {
		if first, _, multi := strings.Cut(p, " "); multi {
			out[first] = true
		}
	}
	return out
}()

// applyLexicon rewrites words with the lexicon, longest phrase first.
func applyLexicon(words []string) []string {
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); {
		longest := 1
		if phraseStarts[words[i]] {
			longest = min(maxPhraseWords, len(words)-i)
		}
		matched := false
		for n := longest; n >= 1; n-- {
			key := words[i]
			if n > 1 {
				key = strings.Join(words[i:i+n], " ")
			}
			if canon, ok := lexicon[key]; ok {
				out = append(out, canon...)
				i += n
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, words[i])
			i++
		}
	}
	return out
}
