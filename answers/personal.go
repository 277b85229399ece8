package answers

import (
	"regexp"
	"strings"

	"citebot/index"
)

// The personal read: whether a question asks about the asker's own case,
// their own or a relative's or friend's outcome, safety, rights or what to
// do ("I am in Germany, can they deport me?"), so that the reply says
// first that citebot cannot advise on anyone's case. Telling one's
// situation before a general question ("I live in Austria. What does the
// report say about returns?") is not one. A logistic model weighs a few
// signals, each read with a word list of words.txt in every language the
// bot reads; its weights and threshold are fitted from the labelled sets
// with the scorer's (fit.go, model.json).

// markupTag is an HTML tag typed or pasted into a question.
var markupTag = regexp.MustCompile(`</?[A-Za-z]+>`)

// personalFeature indexes a question's personal signals.
type personalFeature int

const (
	pBias      personalFeature = iota // 1: the intercept
	pSelf                             // a word for oneself anywhere: "I", "my", "ich", "من"
	pSelfLast                         // one in the last sentence
	pOtherLast                        // "he", "she", "him", "her" in the last sentence
	pKin                              // a relative or friend: "brother", "mein Klient", "baradaram"
	pCase                             // a word of one's case: deported, asylum, rejected, danger, safe
	pModal                            // the last sentence asks what will, can or should happen: "will they", "can I", "soll ich"
	pClaim                            // it checks a claim
	pSource                           // the last sentence speaks of the source: "report", "article"
	pShort                            // three words or fewer
	pHowTo                            // the last sentence asks how to do something, or asks the bot for something
	pAsksFact                         // the last sentence opens with what, which, who, how, when, where or why
	pBefore                           // oneself or a relative are spoken of only before the last sentence
	pHeard                            // it tells what one heard or read: "I heard", "they say", "ich habe gehört"
	numPersonal
)

// personalNames name the signals in the model file.
var personalNames = [numPersonal]string{"bias", "self_anywhere", "self_last", "other_last", "kin_anywhere", "case_anywhere",
	"modal_last", "claim_checked", "source_last", "short_question", "how_to_last", "asks_fact", "only_before", "heard_anywhere"}

var (
	personalSelf  = wordSet("personal_self")
	personalOther = wordSet("personal_other")
	personalKin   = wordSet("personal_kin")
	personalCase  = cueList("personal_case")
	personalModal = cueList("personal_modal")
	personalHowTo = cueList("personal_howto")
	personalHeard = cueList("personal_heard")
	notGerman     = wordSet("personal_not_german")
)

// personalSignals reads text's signals in its words as typed (the lists
// hold English, German, Dari and Pashto), and in ws, its words as read,
// when the Dari and Pashto tables read some. The last sentence starts
// after before of the typed words (q.typed), and after ctx of ws.
func personalSignals(q *query, text string, before int, ws []string, ctx int) [numPersonal]float64 {
	var x [numPersonal]float64
	typed := q.typed // "the US" read as "usa" already
	if strings.Contains(text, "<") {
		// "<i>" is no "I".
		text = markupTag.ReplaceAllString(text, " ")
		typed = index.Words(usaName.ReplaceAllString(text, "USA$1"))
		before = len(index.Words(text[:contextEnd(text)]))
	}
	last := typed[min(before, len(typed)):]
	all, lastAll := typed, last
	if q.readAs != "" { // words read through the Dari and Pashto tables
		all = append(append([]string(nil), typed...), ws...)
		lastAll = append(append([]string(nil), last...), ws[min(ctx, len(ws)):]...)
	}
	has := q.hasPersonal
	x[pBias] = 1
	x[pSelf] = has(all, personalSelf)
	x[pSelfLast] = has(lastAll, personalSelf)
	x[pOtherLast] = has(lastAll, personalOther)
	x[pKin] = has(all, personalKin)
	x[pCase] = b2f(personalCase.in(all))
	x[pModal] = b2f(personalModal.in(lastAll))
	x[pClaim] = b2f(q.claim)
	x[pSource] = has(lastAll, sourceWords)
	x[pShort] = b2f(len(typed) <= 3)
	x[pHowTo] = b2f(personalHowTo.first(last) == 0)
	x[pAsksFact] = b2f(len(last) > 0 && whWords[last[0]])
	x[pBefore] = b2f(x[pSelf]+x[pKin] > 0 && x[pSelfLast]+x[pOtherLast] == 0)
	x[pHeard] = b2f(claimCues.in(all) || personalHeard.in(all))
	return x
}

// hasPersonal is 1 when a word of ws is in set, a list of personal words,
// as q's language reads it (a German question's "im" is no "I'm"), else 0.
func (q *query) hasPersonal(ws []string, set map[string]bool) float64 {
	for _, w := range ws {
		if set[w] && (q.lang != LangGerman || !notGerman[w]) {
			return 1
		}
	}
	return 0
}

// personal tells whether signals x read as a question about one's own case.
func (m *Model) personal(x [numPersonal]float64) bool {
	switch {
	case m.PersonalTrees != nil:
		return sigmoid(m.PersonalTrees.LogOdds(x[:])) >= m.PersonalCut
	case len(m.Personal) == int(numPersonal):
		return sigmoid(dot(m.Personal, x[:])) >= m.PersonalCut
	}
	return false
}
