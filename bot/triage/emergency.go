package triage

import "regexp"

// emergencyRules catch symptoms that need emergency services now.
var emergencyRules = []rule{
	{name: "chest", re: re(` (crushing|severe|bad|sharp|sudden|tight|heavy|squeezing)? ?chest (pain|pains|pressure|tightness|is tight|hurts|feels tight|feels heavy|is hurting) | pain in my chest | heart attack `)},
	{name: "breathing", re: re(` (can not|could not|cannot|hard to|struggling to|unable to|trouble|difficulty|problems?) (breath|breathe|breathing|catch (my|his|her|their) breath) | (not|barely|stopped|is not|isnt) breathing | short of breath | gasping | choking | turning blue | lips (are |look )?blue `)},
	{name: "swelling", re: re(` (lips|throat|tongue|face|mouth) (is |are |keeps )?(swelling|swollen|swelled|closing)| throat (is )?closing | anaphyla\w* | severe allergic `)},
	{name: "unresponsive", re: re(` (passed out|fainted|fainting|blacked out|collapsed|unconscious|unresponsive|not responding|not responsive|will not wake|wont wake|can not wake|not waking up|is not waking|not moving|hard to wake|hard to rouse|barely awake|can not wake (him|her|them)|not making sense|making no sense) `)},
	{name: "seizure", re: re(` (seizure|seizing|convulsing|convulsions|fitting|having a fit) `)},
	{name: "stroke", re: re(` (face|mouth|smile) (is )?(drooping|droopy|numb) | slurred speech | slurring (my|his|her) words | worst headache of my life | (arm|leg|side) (is |went |goes |gone )?(numb|weak|dead) (suddenly|all of a sudden|out of nowhere) | having a stroke `)},
	{name: "overdose", re: re(` (overdosed|overdosing|od d|odd on) | (took|taken|swallowed|downed) (way )?(a bunch|a lot|too many|too much|a handful|loads|the whole bottle|a whole bottle|whole bottle|an entire bottle|all my|all of my|all her|all his|all the) `)},
	{name: "bleeding-head", re: re(` (bleeding (a lot|heavily|badly|everywhere|heavy)|(will not|wont|can not) stop bleeding|lot of blood|lots of blood|so much blood|blood everywhere|blood (is )?(pouring|gushing|spurting)|blood( \w+){0,3} (will not|wont) stop) | hit (my|his|her) head\w*( \w+){0,8} (confused|vomit|throwing up|nausea|dizzy|drowsy|passed out) `)},
	{name: "blood-pressure", re: re(` (blood pressure|bp) (is )?(through the roof|over 180|over 200|very high|really high|sky high|dangerously high)( \w+){0,6} (headache|chest|vision|confused|numb) `)},
}

// hypothetical marks general questions about a symptom ("what happens if I
// stop breathing during the infusion?", "can ketamine cause seizures?")
// rather than a report of one.
var hypothetical = regexp.MustCompile(`^ ?(can|could|does|do|will|would|might|is|are|what|how|why) .*\b(cause|causes|risk|risks|happen|happens|chance|possible|side effect|if|in case|when)\b| what (happens|if) | if (i|my|you|someone|something|he|she|they|a patient) | in case `)

// present marks a report of something happening now, which overrides hypothetical.
var present = regexp.MustCompile(` (right now|now|just|currently|at the moment|is happening|help me|help|call|please) `)

func emergency(s string) (Result, bool) {
	r, ok := firstMatch(s, Emergency, emergencyRules)
	if !ok {
		return Result{}, false
	}
	if hypothetical.MatchString(s) && !present.MatchString(s) {
		return Result{}, false
	}
	return r, true
}
