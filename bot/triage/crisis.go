package triage

import "regexp"

// crisisRules catch thoughts of suicide or self-harm, plans, and harm to
// others, including indirect phrasings. Figures of speech ("this pain is
// killing me", "dying of boredom") do not match: each rule needs a
// self-directed or final object.
var crisisRules = []rule{
	{name: "suicide-word", re: re(` (suicid\w*|kys) `)},
	{name: "kill-self", re: re(` (kill|killing|killed|hurt|hurting|harm|harming|cut|cutting|burn|burning|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|off|offing|starve) (myself|my self|meself) `)},
	{name: "self-harm", re: re(` (self harm\w*|selfharm\w*|self injur\w*) `)},
	{name: "end-life", re: re(` (end|ending|take|taking) (my|my own) (life|lives) | (end|ending) it (all|for good|tonight|today|now|soon|i mean it)| going to end it | gonna end it | (will|would|could|might|to) end it `)},
	{name: "want-die", re: re(` (want|wanna|wanted|wish|ready|going|planning|plan) (to )?(die|be dead|not exist|stop existing|disappear forever|not wake up|never wake up|sleep forever) | wish i (was|were|had) (dead|never been born|not born) | better off dead | rather be dead | rather die `)},
	{name: "not-alive", re: re(` (do not|dont|no longer|not) (want|wanna|wish) to (be alive|live|wake up|exist|be here|go on|keep going|continue) | (no|not any) (reason|point) (to|in) (live|living|going on|keep going|being alive) | can not (go on|keep going|do this anymore|take (it|this|the pain) anymore|live like this) | tired of (living|being alive|life) | life is not worth `)},
	{name: "burden", re: re(` (better off|happier) without me | (i am|i am just|i feel like) a burden | burden (to|on) (everyone|my family|them) | (nobody|no one) would (miss|care|notice) `)},
	{name: "means", re: re(` (pills|meds|medications|tablets) (all )?(lined up|saved up|stockpiled|ready|counted out) | (stockpil\w*|hoard\w*|saving up|collecting) (my |all my |the )?(pills|meds|medications|tablets|medication) | (lethal|fatal|deadly) (dose|amount|overdose) | (painless|quick|easy|peaceful|best) way (to|of) (die|dying|go|end it) | (how much|how many)( \w+){0,10} (to|would|and) (die|kill|never wake|not wake|fall asleep and never|end it|overdose) | (fall asleep|go to sleep|sleep) and (never|not) wake up | overdose on purpose | (tonight|today) is the night | goodbye (letter|letters|note|notes|message|messages|video) | (to|and|so i|then|would) (never|not) wake up | suicide note | (write|wrote|writing) my (will|goodbye) | giving away my (things|stuff|belongings) `)},
	{name: "method", re: re(` (jump|jumping|drive|driving|crash|crashing) (off|of|into|in front of) (a|the|my)? ?(bridge|building|roof|cliff|train|truck|car|wall|tree|traffic) | (car|myself) off (a|the) (bridge|cliff|road) | gun to my head | rope `)},
	{name: "harm-others", re: re(` (kill|killing|hurt|hurting|harm|harming|shoot|stab|strangle) (him|her|them|someone|somebody|people|everyone|my (husband|wife|partner|kids|child|children|son|daughter|mom|dad|boss|doctor|neighbor)) `)},
}

// negations remove phrases that deny a crisis before the rules run, so
// "I'm not suicidal, just curious" is an ordinary question. A message
// that also affirms a crisis elsewhere still matches.
var negations = regexp.MustCompile(` (i am not|i am never|not|never|no|not been|never been|not feeling|not having|no longer|without) (suicid\w*|thoughts of (suicide|killing myself|self harm|hurting myself)|suicidal thoughts)| (would|will|am going to|could) never (hurt|harm|kill) (myself|anyone|someone)| not (going|planning|trying|wanting) to (hurt|harm|kill) (myself|anyone|someone)| (do not|never|not) want to (hurt|harm|kill) (myself|anyone|someone)| (is not|not) (a )?(crisis|emergency|suicide)`)

func crisis(s string) (Result, bool) {
	s = negations.ReplaceAllString(s, " ")
	return firstMatch(s, Crisis, crisisRules)
}
