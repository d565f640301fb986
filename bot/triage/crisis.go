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
	{name: "not-alive", re: re(` (do not|dont|no longer|not) (want|wanna|wish) to (be alive|live|wake up|exist|be here|go on|keep going|continue) | (no|not any) (reason|point) (to|in) (live|living|going on|keep going|being alive) | can not (go on|keep going|live like this|keep living) | tired of (living|being alive|life) | life is not worth `)},
	{name: "burden", re: re(` (better off|happier) without me | (would|will|d) be (better off|relieved|happier|fine|free) (if|when|once) i (was|were|am|m) (gone|dead|not here|not around|no longer here) | if i (was|were) (gone|dead) (for good|forever)? ?(everyone|nobody|no one|they|my family) | (made|making) (my )?peace with (things|everything|it all|dying|death|the end) | (i am|i am just|i feel like) a burden | burden (to|on) (everyone|my family|them) | (nobody|no one) would (miss|care|notice) `)},
	{name: "means", re: re(` (pills|meds|medications|tablets) (all )?(lined up|saved up|stockpiled|ready|counted out) | (stockpil\w*|hoard\w*|saving up|collecting) (my |all my |the )?(pills|meds|medications|tablets|medication) | (lethal|fatal|deadly) (dose|amount|overdose) | (painless|quick|easy|peaceful|best) way (to|of) (die|dying|go|end it) | (how much|how many)( \w+){0,10} (to|would|and) (die|kill|never wake|not wake|fall asleep and never|end it|overdose) | (fall asleep|go to sleep|sleep) and (never|not) wake up | overdose on purpose | (tonight|today) is the night | goodbye (letter|letters|note|notes|message|messages|video) | (to|and|so i|then|would) (never|not) wake up | suicide note | (write|wrote|writing) my (will|goodbye) | giving away my (things|stuff|belongings) `)},
	{name: "method", re: re(` (jump|jumping|drive|driving|crash|crashing) (off|of|into|in front of) (a|the|my)? ?(bridge|building|roof|cliff|train|truck|car|wall|tree|traffic) | (car|myself) off (a|the) (bridge|cliff|road) | gun to my head | rope `)},
	{name: "no-point", re: re(` (no|not see the|not see any|see no|lost the|what is the|there is no) (point|reason|purpose) (of|in|to|for) (living|life|going on|being alive|being here|me being here|anything anymore|carrying on|staying alive|waking up) | (am|i am) done (with life|with living|with everything|for good|with it all) | (want|wish) (it all|everything|my life) (to )?(end|ended|over|to stop forever) | no way out | (will not|wont|not going to|will no longer) be (around|here) (much longer|anymore|tomorrow|for long|for the next|by the next|next week|for my next) | this is (my )?(goodbye|the end for me) `)},
	{name: "goodbye", re: re(` (say|saying|said) (my )?goodbyes? to (everyone|everybody|you all|all of you|the group|this group|my family|my kids|the kids|my children|my friends) | (written|wrote|writing|write) (a |my |the )?(letters?|notes?) (to|for) (my )?(kids|children|family|husband|wife|partner|son|daughter|loved ones|parents|mom|dad) | goodbye (everyone|all|forever|cruel world) `)},
	{name: "self-harm-acts", re: re(` (cutting|cut|burning|burned|hitting|scratching|starving) (myself )?(again|myself) | (been|started|start|keep|kept) (cutting|burning|hurting myself|harming myself) | (cutting|cutting myself) (to|so|because|helps|distract) `)},
	{name: "pills-at-once", re: re(` (take|taking|took|swallow|swallowing|down|downing|overdose on) (all|every one|the whole (bottle|pack|box|lot)|a whole (bottle|pack|box))( of)? (my |the |those )?(pills|meds|medications|tablets|painkillers|sleeping pills|bottle)? ?(at once|together|in one go|tonight|and) | (thinking|thought|thinking about|planning) (about |of )?(overdosing|taking an overdose|an overdose|od ing) `)},
	{name: "crash", re: re(` (drive|driving|drove|crash|crashing|steer|steering|swerve|swerving) (my |the |our )?(car |truck |self )?(off|into|in front of|onto) (a |the |an |oncoming )?(bridge|building|wall|tree|truck|train|traffic|cliff|river|lake|pole|lorry|bus) | (step|stepping|walk|walking|jump|jumping) (out )?in front of (a |the )?(bus|train|car|truck|lorry|traffic) `)},
	{name: "harm-others", re: re(` (kill|killing|hurt|hurting|harm|harming|shoot|shooting|stab|stabbing|strangle|beat up) (him|her|them|someone|somebody|people|everyone|my (husband|wife|partner|kids|child|children|son|daughter|mom|dad|boss|doctor|neighbor|neighbour|ex)) | make (him|her|them|my \w+|that \w+) pay( \w+){0,8} (knife|gun|weapon|rifle|pistol) | (got|have|grabbed|bought|carrying|took) (a |my )?(knife|gun|weapon|rifle|pistol|loaded gun)( \w+){0,6} (him|her|them|neighbor|neighbour|husband|wife|boss|ex|pay|kill|hurt) `)},
}

// negations remove phrases that deny a crisis before the rules run, so
// "I'm not suicidal, just curious" is an ordinary question. A message
// that also affirms a crisis elsewhere still matches.
var negations = regexp.MustCompile(` (i am not|i am never|not|never|no|not been|never been|not feeling|not having|no longer|without) (suicid\w*|thoughts of (suicide|killing myself|self harm|hurting myself)|suicidal thoughts)| (would|will|am going to|could) never (hurt|harm|kill) (myself|anyone|someone)| not (going|planning|trying|wanting) to (hurt|harm|kill) (myself|anyone|someone)| (do not|never|not) want to (hurt|harm|kill) (myself|anyone|someone)| (is not|not) (a )?(crisis|emergency|suicide)`)

func crisis(s string) (Result, bool) {
	s = negations.ReplaceAllString(s, " ")
	return firstMatch(s, Crisis, crisisRules)
}
