package triage

// emergencyRules catch symptoms that need emergency services now.
var emergencyRules = []rule{
	{name: "chest", re: re(` (crushing|severe|bad|sharp|sudden|tight|heavy|squeezing)? ?(chest|chst|chestt) (pain|pains|pressure|tightness|is tight|hurts|feels tight|feels heavy|is hurting|pian) | (pain|pressure|tightness|squeezing) in (my|his|her) chest | heart attack | heart (feels like it is|is|keeps) (stopping|going to stop|skipping)( \w+){0,6} (faint|dizzy|pass out|chest) `)},
	{name: "breathing", re: re(` (can not|could not|cannot|hard to|struggling to|unable to|trouble|difficulty|problems?|can t|cant) (breath|breathe|brethe|breth|breathing|catch (my|his|her|their) breath|get (a )?(full )?breath) | wheezing( \w+){0,6} (inhaler|can not|cant|breath) | (not|barely|stopped|is not|isnt) breathing | short of breath | gasping | choking | turning blue | lips (are |look )?blue `)},
	{name: "swelling", re: re(` (lips|throat|tongue|face|mouth) (is |are |keeps )?(swelling|swollen|swelled|closing)| throat (is )?closing | anaphyla\w* | severe allergic `)},
	{name: "child-ingestion", re: re(` (toddler|baby|child|kid|son|daughter|grandson|granddaughter|little one)( \w+){0,3} (got into|ate|swallowed|chewed|has eaten)( \w+){0,4} (pill|pills|organi[sz]er|medicine|meds|tablets|patch|patches|lozenges|gummies|bottle) | (got into|swallowed|ate|took)( \w+){0,6} (sleepy|drowsy|not waking|vomiting|floppy|limp|won t wake|confused|unresponsive|blue) | (accidentally|by mistake) (took|taken|swallowed|double\w*)( \w+){0,14} (barely|cannot|can not|can t|very|so) (keep|stay|breathe|awake|sleepy|drowsy) | (doubled|double|tripled|took too many|took extra|too much)( up)?( \w+){0,6} (patch|patches|pills|meds|fentanyl|oxy|opioid|insulin|dose)( \w+){0,8} (passing out|pass out|faint|can not breathe|cant breathe|drowsy|barely|confused|blue|unresponsive) `)},
	{name: "faint", re: re(` (about|going) to (faint|pass out|collapse|black out) | (feel|feels|feeling) like (i am|i m|i) (going to|gonna|about to|will) (faint|pass out|collapse|die) `)},
	{name: "unresponsive", re: re(` (passed out|fainted|fainting|blacked out|collapsed|unconscious|unresponsive|not responding|not responsive|will not wake|wont wake|can not wake|not waking up|is not waking|not moving|on the floor and (will not|wont|does not|doesnt|is not|isnt) (respond|move|wake|breathe|breathing|answer)|(will not|wont|does not|doesnt|can not|cant) (respond|responding|wake up|come to)|hard to wake|hard to rouse|barely awake|can not wake (him|her|them)|not making sense|making no sense) `)},
	{name: "hallucinating", re: re(` (still |keep |keeps |am |is |are )?(hallucinating|seeing things|seeing bugs|hearing voices|seeing people)( \w+){0,6} (not there|nonstop|hours|will not stop|wont stop|since|after) | (does not|doesnt|do not|dont) recogni\w+ (me|us|anyone|her family|his family) | talking to (people|someone|things) (who are|that are) not there `)},
	{name: "blood", re: re(` (coughing|vomiting|throwing|puking|spitting) (up )?blood | blood in (my|his|her) (vomit|stool|urine) `)},
	{name: "allergy", re: re(` (allergic reaction|anaphylactic|anaphylaxis) | (tongue|lips|throat|face) (is |are |feels |feel |got )?(huge|swollen|swelling|so big|enormous|tight) | (can not|cannot|can t) swallow | hives( \w+){0,6} (breath|breathe|throat|swallow) `)},
	{name: "seizure", re: re(` (seizure|seizing|convulsing|convulsions|having a fit|(is|are|am|started|keeps|still|been|she is|he is) fitting) `)},
	{name: "stroke", re: re(` (face|mouth|smile) (is )?(drooping|droopy|numb) | slurred speech | speech is slurred | slurring (my|his|her) words | (speech|talking|words) (went|is|are|sounds) (weird|strange|funny|garbled|jumbled)( all of a sudden| suddenly)? | suddenly (went |gone )?numb | (talking|speaking|speech|words)( is| are)? (gibberish|nonsense|garbled|slurred|jumbled) | (can not|cannot|cant|can t|unable to) (lift|move|raise|feel) (his|her|my|their) (right|left)? ?(arm|leg|hand|side) | (can not|cannot|cant) (lift|move|raise) (my|his|her) (arm|leg) | (vision|sight) (just )?(went|goes|gone) (dark|black|blurry)( \w+){0,3} (one|in one|suddenly) | worst headache of my life | (arm|leg|side) (is |went |goes |gone )?(numb|weak|dead) (suddenly|all of a sudden|out of nowhere) | having a stroke `)},
	{name: "overdose", re: re(` overdosed | (is|am|are|has|have|just|she|he|they|i|someone) (overdosing|od d|odd on) | (took|taken|swallowed|downed) (way )?(a bunch|a lot|too many|too much|a handful|loads|the whole bottle|a whole bottle|whole bottle|an entire bottle|a whole packet|a whole pack|a whole box|an entire packet|a packet|the whole packet|all the|all of their|all of her|all of his|all of my) | (swallowed|downed) all (my|her|his|their) | took all (my|her|his|their) (\w+ )?(pills|meds|tablets|bottle)( \w+)? (at once|together|in one go) | (took|taken|swallowed|downed|had) \d+ (of )?(my |her |his |their |the )?(\w+ )?(pills|tablets|meds|medications|tramadol|oxy|opioid|opioids|sleeping pills|tylenol|paracetamol|advil|gabapentin|benzodiazepine|painkillers) | (drank|drink|drinking|swallowed|ate|drunk) (some )?(bleach|antifreeze|poison|drain cleaner|weed killer|pesticide|rat poison|lighter fluid) `)},
	{name: "bleeding-head", re: re(` (bleeding (a lot|heavily|badly|everywhere|heavy)|(will not|wont|can not) stop bleeding|lot of blood|lots of blood|so much blood|blood everywhere|blood (is )?(pouring|gushing|spurting)|blood( \w+){0,3} (will not|wont) stop|bleeding( \w+){0,6} (will not|wont|does not|doesnt|not|has not|hasnt) stop\w*|(nosebleed|nose bleed|nose is bleeding)( \w+){0,4} (has not|hasnt|not|will not|wont) stop\w*|bleeding through) | (hit|hitting|banged|bumped) (my|his|her|their) head\w*( \w+){0,8} (confused|vomit\w*|throwing up|nausea|dizzy|drowsy|passed out|not making sense) | (fell|fall|fallen)( \w+){0,6} (confused|vomiting|unconscious|not making sense|head hurts badly|knocked out) `)},
	{name: "blood-pressure", re: re(` (blood pressure|bp) (is |reading |reads |was )?(through the roof|over 180|over 200|very high|really high|sky high|dangerously high|1[89]\d \d+|2\d\d \d+)( \w+){0,8} (headache|chest|vision|confused|numb|dark|blurry|dizzy) | (blood pressure|bp)( \w+){0,3} (1[89]\d|2\d\d) \d+( \w+){0,10} (headache|chest|vision|confused|numb|dark|blurry|dizzy) `)},
	{name: "blind5", re: re(` carbon monoxide | gas leak | (co alarm|co detector|furnace|boiler)( \w+){0,10} (headache|headaches|dizzy|sleepy|vomit|won t get up|will not get up|confused) | (barely|hardly) respond\w* | not kept (any )?fluids down | (has not|hasnt|not) (peed|urinated|had a wee|passed urine) | (crashed|crash|accident)( \w+){0,8} bleeding | bleeding from (his|her|my|their) (head|ear|ears|mouth|nose) | (caught fire|set (herself|himself|myself|themselves)? ?on fire) | (house|kitchen|clothes|nightgown|hair|dress|shirt|room) (is |are |was |were |caught )?(on )?fire | boiling water (down|over|on) | (skin is peeling|big burns|severe burns|bad burns) | (electric )?shock from | electrocuted | (bleach|ammonia|chlorine)( \w+){0,6} (cough|coughing|breath|chest|fumes) | mixed bleach | burning hot to (the )?touch | heat ?stroke | stopped sweating | (diabetic|diabetes|insulin)( \w+){0,8} (sweat|sweating|drenched|slurring|confused|shaking|unconscious) `)},
	{name: "blind4", re: re(` lost (the )?(sight|vision) in | curtain (coming |came )?down | (suddenly|sudden)( \w+){0,3} (blind|cannot see|can not see|lost my sight) | (skin|she|he) (is |looks )?(mottled|blotchy and cold) | (on the floor|fallen|fell)( \w+){0,8} (can not|cannot|cant|can t) (get up|feel (her|his|my) legs|move) | (bitten|bit) by a (snake|spider)| snake ?bite | (vomited|coughed|threw up|spat) (up )?blood | coffee grounds | (can not|cannot|cant|can t) (finish|get out|say) a (sentence|word) | inhaler (is )?(not|isn t|isnt) (helping|working) | lips (are |going |turning |look )?(pale|blue|grey|gray) | pulled (him|her|them|my \w+) out of the (pool|water|bath|sea|lake|river) | (was|went) under (the )?water | stopped shivering | stiff neck | rash that (does not|doesn t|doesnt|will not|won t) fade | purple rash | (not|is not|isn t|isnt) talking( \w+){0,4} breathing `)},
	{name: "blind8", re: re(` jaw (is )?(aching|hurts|hurting|pain)( \w+){0,4} (sweaty|sweating|clammy|sick) | (sweaty|sweating|clammy)( \w+){0,6} jaw | (accidentally|by mistake|by accident) (took|taken|take) (them|it|my \w+|my meds|my pills) (again|twice)( \w+){0,12} (drowsy|sleepy|dizzy|confused) | double (the |my )?(dose|oxycodone|morphine|opioid|pregabalin|meds)( \w+){0,12} (drowsy|sleepy|dizzy|confused|can not stay awake) | (crushing|tearing|ripping) (pain )?(in my |in the )?(back|chest)( \w+){0,8} (suddenly|tearing|ripping) | feels like (tearing|ripping) | (bp|blood pressure)( \w+){0,4} (2[0-9][0-9]|19[0-9]) | (2[0-9][0-9]|19[0-9]) (over|/) 1[0-9][0-9] `)},
	{name: "blind7", re: re(` (do not|dont|not) (know|recogni[sz]e) where (i am|he is|she is|they are) | (can not|cannot|cant) feel (the |my |his |her )?(right|left) (side|arm|leg) | (grey|gray|pale|clammy) and (sweaty|clammy|sweating)( \w+){0,8} (jaw|chest|arm|back) | (drank|swallowed|ate|drunk|drinking) (some )?(of )?(the |my |a )?(bleach|detergent|laundry pod|dishwasher tablet|antifreeze|drain cleaner|button battery|batteries|magnets) `)},
	{name: "blind6", re: re(` (headache|headaches|dizzy|sick|nauseous|confused)( \w+){0,15} (boiler|furnace|gas heater|generator|gas fire) | (can see|see) (the )?bone | bone (is )?(sticking|poking) out | (throat|mouth|tongue|lips)( and (throat|mouth|tongue|lips))? (itching and |tingling and )?(swelling|swollen|closing) | (is|started|keeps|he is|she is) slurring | (arm|leg|face|side) (suddenly )?(went|has gone|going|gone) (limp|numb|floppy|weak|droopy) `)},
	{name: "breathing-slow", re: re(` breathing (feels |is |seems |has gone |got |very |is very )?(slow|shallow|weird|funny|really slow|strange|noisy|rattling|gurgling) | (can not|cannot|cant|can t|barely) keep (my |his |her )?eyes open `)},
	{name: "allergy-sting", re: re(` (stung|sting|bee|wasp|peanut|peanuts|nut|shellfish|allergic to)( \w+){0,10} (hives|swelling|swollen|faint|throat|wheez|breath) `)},
	{name: "head-pupil", re: re(` (one )?pupils? (is |looks |look |are )?(bigger|different|uneven|blown|dilated) | thunderclap | (sudden|worst)( \w+){0,3} headache | headache( \w+){0,6} (thunderclap|worst (pain|headache)) | worst pain i have ever had `)},
	{name: "sepsis", re: re(` (high )?fever( \w+){0,8} (confused|shaking|rigors|can not stand|delirious) | (arm|iv site|leg|skin) (is )?(huge|swollen|hot|red|streaking)( \w+){0,10} (fever|confused|shaking) `)},
}

// hypothetical marks general questions about a symptom ("what happens if I
// stop breathing during the infusion?", "can ketamine cause seizures?")
// rather than a report of one.
var hypothetical = re(` if i (took|take|swallowed|drank|had)|^ ?(can|could|does|do|will|would|might|is|are|what|how|why) .*\b(cause|causes|risk|risks|happen|happens|chance|possible|side effect|if|in case|when)\b| what (happens|if) | if (i|my|you|someone|something|he|she|they|a patient) | in case `)

// history marks a past event that is over ("I fainted once years ago"),
// asked about for eligibility; present markers override it.
var history = re(` (once|years ago|months ago|a year ago|last (month|year)|as a (kid|child|teen|teenager)|when i was|in (19|20)\d\d|history of|used to|in the past|back in|once before|been clean|turned out|was just|none since|doing well now|got checked) `)

// idioms are figures of speech that name an emergency ("the price will
// give me a heart attack").
var idioms = replacer(` (give|gives|giving|gave) me a heart attack | (nearly|almost) had a heart attack | heart attack (lol|haha|lmao) | (passed|pass|passing) out (laughing|from laughing|with laughter|from laughter) `)

// presentStrong marks something happening now even in a message that
// also tells of the past.
var presentStrong = re(` (right now|at the moment|currently|is happening|help me|call 911|just now|this morning|tonight|today) `)

// present marks a report of something happening now, which overrides hypothetical.
var present = re(` (right now|now|just|currently|at the moment|is happening|help me|help|call|please) `)

func emergency(s string) (Result, bool) {
	s = idioms.ReplaceAllString(s, " ")
	r, ok := firstMatch(s, Emergency, emergencyRules)
	if !ok {
		return Result{}, false
	}
	if hypothetical.MatchString(s) && !present.MatchString(s) {
		return Result{}, false
	}
	if history.MatchString(s) && !presentStrong.MatchString(s) {
		return Result{}, false
	}
	return r, true
}
