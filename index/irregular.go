package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// IrregularName names the token filter that turns irregular English word
// forms into their base form ("fled" to "flee", "sent" to "send") and
// British spellings into American ones ("neighbours", "recognised"), which
// the Porter stemmer leaves apart, so that "people who fled" matches "why do
// people flee".
const IrregularName = "citebot_irregular"

var irregular = map[string]string{}

func init() {
	for base, forms := range map[string]string{
		"arise": "arose arisen", "be": "was were been", "bear": "bore borne born", "beat": "beaten",
		"become": "became", "begin": "began begun", "bring": "brought", "build": "built", "buy": "bought",
		"catch": "caught", "choose": "chose chosen", "come": "came", "cost": "", "deal": "dealt",
		"do": "did done", "draw": "drew drawn", "drive": "drove driven", "eat": "ate eaten", "fall": "fell fallen",
		"feed": "fed", "feel": "felt", "fight": "fought", "find": "found", "flee": "fled", "fly": "flew flown",
		"forbid": "forbade forbidden", "forget": "forgot forgotten", "freeze": "froze frozen", "get": "got gotten",
		"give": "gave given", "go": "went gone", "grow": "grew grown", "hang": "hung", "have": "had has",
		"hear": "heard", "hide": "hid hidden", "hold": "held", "keep": "kept", "know": "knew known",
		"lead": "led", "leave": "left", "lend": "lent", "lose": "lost", "make": "made", "mean": "meant",
		"meet": "met", "pay": "paid", "ride": "rode ridden", "rise": "rose risen", "run": "ran",
		"say": "said says", "see": "saw seen", "seek": "sought", "sell": "sold", "send": "sent",
		"shake": "shook shaken", "shoot": "shot", "sit": "sat", "sleep": "slept", "speak": "spoke spoken",
		"spend": "spent", "stand": "stood", "steal": "stole stolen", "strike": "struck stricken",
		"swear": "swore sworn", "take": "took taken", "teach": "taught", "tear": "tore torn", "tell": "told",
		"think": "thought", "throw": "threw thrown", "understand": "understood", "wake": "woke woken",
		"wear": "wore worn", "win": "won", "write": "wrote written", "withdraw": "withdrew withdrawn",
		"child": "children", "woman": "women", "man": "men", "person": "people persons",
		// Verbs made of a prefix and an irregular verb.
		"uphold": "upheld", "withhold": "withheld", "overcome": "overcame", "undergo": "underwent undergone",
		"undertake": "undertook undertaken", "overtake": "overtook overtaken", "foresee": "foresaw foreseen",
		"mislead": "misled", "rebuild": "rebuilt", "forgive": "forgave forgiven", "overthrow": "overthrew overthrown",
	} {
		for _, f := range strings.Fields(forms) {
			irregular[f] = base
		}
	}
	err := registry.RegisterTokenFilter(IrregularName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return irregularFilter{}, nil
	})
	if err != nil {
		panic(err)
	}
}

// british maps British spellings to American ones, so that "neighbours"
// finds "neighboring": a root, then the endings it takes.
var british = map[string]string{}

func init() {
	ours := "neighbour labour favour honour colour behaviour harbour rumour humour endeavour vapour"
	for _, r := range strings.Fields(ours) {
		us := strings.TrimSuffix(r, "our") + "or"
		for _, end := range []string{"", "s", "ed", "ing", "hood", "hoods", "ly", "able", "ite", "ites"} {
			british[r+end] = us + end
		}
	}
	ises := "organis recognis realis criticis apologis prioritis legitimis mobilis categoris characteris " +
		"summaris minimis maximis authoris stabilis civilis criminalis marginalis normalis emphasis " +
		"politicis militaris capitalis hospitalis terroris traumatis victimis penalis"
	for _, r := range strings.Fields(ises) {
		us := strings.TrimSuffix(r, "s") + "z"
		for _, end := range []string{"e", "ed", "es", "ing", "ation", "ations", "er", "ers"} {
			british[r+end] = us + end
		}
	}
	for gb, us := range map[string]string{"centre": "center", "centres": "centers", "defence": "defense",
		"licence": "license", "offence": "offense", "offences": "offenses", "programme": "program",
		"programmes": "programs", "travelled": "traveled", "travelling": "traveling", "cancelled": "canceled",
		"analyse": "analyze", "analysed": "analyzed", "paralysed": "paralyzed", "judgement": "judgment",
		"judgements": "judgments", "counselling": "counseling", "fulfil": "fulfill", "enrolment": "enrollment"} {
		british[gb] = us
	}
}

type irregularFilter struct{}

func (irregularFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if base, ok := irregular[string(t.Term)]; ok {
			t.Term = []byte(base)
		} else if us, ok := british[string(t.Term)]; ok {
			t.Term = []byte(us)
		}
	}
	return input
}
