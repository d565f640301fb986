package triage

// declineRules catch requests the bot must not serve: personal doses,
// prescriptions, diagnoses, interpreting results, changing medicines,
// recreational use, and instructions hidden in the message. A general
// question that only mentions the patient's own medicine is not declined.
var declineRules = []rule{
	{name: "injection", reason: ReasonInjection, re: re(` (ignore|disregard|forget|override|bypass) (all |any |your |the |my |previous |prior |earlier |above |those )*(instructions|rules|prompt|prompts|guidelines|programming|restrictions|safety|system prompt)| (system|developer|admin|god|jailbreak|dan) (mode|override|prompt) | (you are|you re|act as|pretend (to be|you are)|roleplay as|from now on you are) (now )?(my|a|an|no longer) | forget (that )?you are | (print|show|reveal|repeat|tell me) (me )?(your|the) (full |whole |original )?(system prompt|instructions|prompt|rules) | no (safety|restrictions|rules|filters) `)},
	{name: "misuse", reason: ReasonMisuse, re: re(` (buy|order|purchase|get|score|find) (some )?(ketamine|k|esketamine)( \w+){0,3} (online|without (a )?prescription|on the street|from a dealer|dark web) | (buy|order|purchase) (ketamine|k) | (get|getting|feel|be) high | recreational\w* | (at|for) (a|the) (party|rave|festival|club) | for fun | k hole on purpose | snort\w* | (where|how) (can|do|could) i (get|buy|find) (ketamine|k)( \w+){0,4} (without|online|cheap) | (selling|sell me|sell|sells|dealer|dealers|plug|connect for|hook me up with) (some )?(k|ket|ketamine|special k) | (anyone|anybody|who|someone) (selling|got|has|have|with) (any |some )?(k|ket|ketamine|special k) (for|to sell|i can buy) `)},
	{name: "dose-amount", reason: ReasonDose, re: re(` (how (much|many)|what amount|what dose|which dose|what dosage|right dose|right amount|correct dose|max dose|maximum dose|safe dose|safe amount)( \w+){0,6} (should|can|could|do|would|to|must) (i|me|my|we|he|she|you) (take|have|use|give|get|be on|start|try) | (what|which|right|correct|my|safe|max|maximum|exact|starting) (dose|doses|dosage|dosing) | dosage | mg kg | mg per kg | milligrams? per | (\d+|a few|how many) ?(mg|milligrams?|ml|mcg|micrograms?) (of|should|do|can|is) `)},
	{name: "dose-weight", reason: ReasonDose, re: re(` \d+ ?(kg|kilos?|lbs?|pounds|stone)( \w+){0,12} (how much|how many|dose|mg) | (how much|how many|dose|mg)( \w+){0,12} \d+ ?(kg|kilos?|lbs?|pounds) `)},
	{name: "med-change", reason: ReasonMedication, re: re(` should i (up|increase|raise|lower|decrease|reduce|double|halve|cut down|taper|wean|switch|swap|change) (my|the|off|to|from) | (up|increase|raise|lower|decrease|reduce|double) my (dose|dosage|\w+ from \d+) | from \d+ ?(mg)? to \d+ ?mg `)},
	{name: "prescription", reason: ReasonPrescription, re: re(` (prescribe|prescribing) (me|it|ketamine|some|something) | (write|give|get|send|call in) (me )?(a |an )?(prescription|script|rx|refill) (for|of) | can (you|i get|the bot) prescribe | (refill|renew) my (prescription|script|meds|medication) `)},
	{name: "diagnosis", reason: ReasonDiagnosis, re: re(` (diagnose|diagnosing) me | do (you think )?i have (fibromyalgia|fibro|lupus|arthritis|ms|cancer|an? \w+ disease) | (could|might|does) (it|this) be (fibromyalgia|fibro|lupus|ms|arthritis|cancer) | what (is wrong|do i have|condition do i have) | am i (having|getting) (fibro|fibromyalgia|lupus) `)},
	{name: "results", reason: ReasonResults, re: re(` my (\w+ ){0,4}(levels?|results?|labs?|blood work|bloodwork|test|tests|scan|mri|x ray|numbers?|reading) (came back|come back|is|are|was|were|showed|shows|say|says)( \w+){0,8} (is that|are they|is it|is this|does that|what does) | (came|come) back (at|as) \d+( \w+){0,5} (is that|does that|what) | what do my (results|labs|levels|numbers) mean `)},
}

// handoffRules catch requests for a person.
var handoffRules = []rule{
	{name: "person", re: re(` (real|actual|live|human|proper) (person|human|being|nurse|people|staff|someone|agent|doctor) | (talk|speak|chat|speaking|talking) (to|with) (a |an |the |one of the |someone (on|from|at) the )?(human|person|someone|somebody|nurse|nurses|doctor|dr|staff|team|care team|receptionist|agent|representative|front desk|clinic|office|people|provider|physician) | (someone|somebody|anyone|a nurse|the clinic|staff|a person|the doctor) (to |who can |that can |could |can )?(call|ring|phone|contact|get back to|reach out to) me | (call|ring|phone) me back | call ?backs? | (nurse|doctor|someone|somebody|staff|team|reception|receptionist|the clinic|anyone) (to )?(give|gives|could give|can give) me a (call|ring|phone call|callback) | put me through | (message|email|contact|reach|text|write to) (my|the|a) (doctor|dr|nurse|care team|provider|physician|clinic) (directly|instead|myself) | instead of (this|the|a|talking to a|talking to this) (bot|chatbot|robot|machine|computer|ai) | (connect|transfer|put|pass|forward|escalate) (me|this|it|my message)( \w+){0,3} (to|through|on to|onto|with) (a|an|the|someone|somebody|dr|doctor|nurse|staff|human|person) | pass (this|it|my message) on | (not|do not|no) (want|wanna|like|need)( \w+){0,3} (a )?(bot|robot|machine|computer|ai) | (bot|robot|machine|computer|ai) (is not|isnt|not) help\w* | (rather|prefer to) (speak|talk) |^ (human|agent|operator|representative|staff|nurse|person|someone)( please)?( \w+){0,4} $| (operator|representative) | anyone human | human please | (is there|are there|any|is anyone|is there anyone|got) (a |an )?(human|person|real person|real human|nurse|someone|anyone|somebody|staff|staff member|live agent)( \w+){0,3} (i can|to|who can|that i can) (talk|speak|chat|message) | who (can|could|do|should) i (actually |really )?(talk|speak|chat) (to|with) | (can|could) i (talk|speak|chat) (to|with) (someone|somebody|anyone|a human|a person|a nurse|staff) | (need|want) (a|to talk to a|to speak to a) (human|person|nurse|doctor) `)},
}

// forgetRules catch the "forget me" command: an instruction, not a
// question about what is stored (that is the privacy entry's job).
var forgetRules = []rule{
	{name: "forget", re: re(`^ (please )?(forget me|forget about me|forget everything|delete (all )?(my|me|everything)( \w+){0,3}|erase (all )?(my|me|everything)( \w+){0,3}|remove (all )?my (data|info|information|messages|history|details)|wipe (all )?my( \w+){0,2}|clear (all )?my (data|history|messages|chat|conversation))( now| please)? $`)},
}

var smallTalkRules = []rule{
	{name: "greeting", reason: ReasonGreeting, re: re(`^ (hi|hello|hey|heya|hiya|howdy|yo|greetings|good (morning|afternoon|evening|day)|morning|evening)( there| all| everyone| bot| faqbot| folks| team)?( how are you( doing)?| whats up| what is up| sup)? $`)},
	{name: "thanks", reason: ReasonThanks, re: re(`^ (ok |okay |great |perfect |awesome |cool |brilliant |lovely |wonderful |amazing )*(thanks|thank you|thankyou|thx|thank u|cheers|ta|much appreciated|appreciate it|that helps|that helped|that is helpful|very helpful|got it|understood)( (so|very) much| a lot| again| so much| for (the|your) help| for that| for this| bot| heaps)*( that helps| that helped)? $`)},
	{name: "goodbye", reason: ReasonGoodbye, re: re(`^ (bye|goodbye|see you|see ya|good night|goodnight|cya|take care|later)( now| then| all| bot)? $`)},
	{name: "help", reason: ReasonHelp, re: re(`^ (help|menu|start|commands|options|topics|faq|\?)( me)?( please)? $| what (can|do) you (do|know|help with|answer|cover)| (how|what) (does|do) (this|you) (work|do)| who are you | what are you | are you (a |an )?(bot|robot|human|real|person|ai|computer)| what (kind of|sort of)? ?questions can i ask| what can i ask`)},
}

func smallTalk(s string) Result {
	if r, ok := firstMatch(s, SmallTalk, smallTalkRules); ok {
		return r
	}
	return Result{}
}
