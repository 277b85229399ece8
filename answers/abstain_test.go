package answers_test

import (
	"context"
	"strings"
	"testing"
)

// TestAbstainsWhenTheSourceDoesNotSay pins, one rule at a time, the near
// misses the engine must not answer with a passage that is merely close.
func TestAbstainsWhenTheSourceDoesNotSay(t *testing.T) {
	e := engine(t)
	tests := []struct {
		name, q string
	}{
		{"a year the source does not cover", "how many afghans were deported in 2024"},
		{"last year, read against the report's date", "how many afghans were sent back last year"},
		{"a month outside the period the source gives", "how many killings did unama record in october 2025"},
		{"a place with no figure of its own", "how many afghans were deported from turkey"},
		{"one of two places given one figure together", "how many afghans did iran deport in 2025"},
		{"places given together, asked apart", "how many were deported from iran and pakistan separately"},
		{"a place the source never names", "how many afghans were deported from canada"},
		{"the thing asked for is nowhere", "what is the capital of tajikistan"},
		{"a role the source names no one for", "who is the head of unama"},
		{"a person the source does not name", "name of the austrian minister negotiating with the taliban"},
		{"how to do what the source never speaks of", "how do i apply for asylum in germany"},
		{"the future", "will austria stop deportations after this report"},
		{"the words of someone the source does not quote", "what did the taliban say in response to the report"},
		{"a part of a figure given for two together", "how many children among the 2.6 million"},
		{"an official the source does not name", "which EU official is negotiating with the taliban"},
		{"how to, where the source does not say", "where can my family apply for a humanitarian visa"},
		{"a figure claimed where the source gives none", "did turkey send back 80,000 afghans"},
		{"a percentage claimed where the source gives none", "is it true 30% of the interviewed afghans were tortured"},
		{"a place in the question, also told as the asker's situation", "I live in Canada. How many Afghans did Canada deport?"},
		{"a place asked about, beside where one's kin are", "my brother is in Istanbul. how many afghans did turkey deport this year?"},
		{"a claim whose doing the source never speaks of", "I heard the EU signed a treaty with the Taliban, true?"},
		{"a claim about a thing the source never names", "is it true that pakistan built a wall on its border"},
		{"a name the source never uses", "how many afghans were deported under Trump"},
		{"the US, written short", "how many afghans did the US deport"},
		{"whether the source says what it does not", "did the article say girls can study at university in some provinces"},
		{"a claim tagged for confirming", "the taliban built new schools for girls, didn't they"},
		{"the number of a group the source counts with another", "the number of children deported in 2025"},
		{"whether something happened that the source never speaks of", "did smriti singh step down after the report"},
		{"how long something takes, which the source never says", "how long does an asylum case take in germany"},
		{"a place the source names, with nothing it says of it", "germany asylum"},
		{"a place the source names, asked what it never says", "visa for austria"},
		{"off topic", "what is bitcoin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := e.Ask(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if a.Answered {
				t.Errorf("%q answered with %q; want the source does not say", tt.q, a.Citations[0].Quote)
			}
		})
	}
}

// TestAnswersWhatTheSourceSays: the same rules leave real answers alone.
func TestAnswersWhatTheSourceSays(t *testing.T) {
	e := engine(t)
	tests := []struct {
		name, q, quote string
	}{
		{"this year, read against the report's date", "how many people were sent back this year?", "2.6 million"},
		{"both places of a joint figure", "how many afghans were deported from iran and pakistan", "2.6 million"},
		{"a month inside the period given", "how many killings did unama document in august 2025", "14 killings"},
		{"places set aside", "which other countries besides iran and pakistan send afghans back", "Turkey and Tajikistan"},
		{"a person the source names", "who is the regional director for south asia", "Smriti Singh"},
		{"a list", "what does amnesty call for", "immediate and universal halt"},
		{"the second item of a list", "what is amnesty's second demand", "safe and legal pathways"},
		{"the last item of a list", "what is the last thing amnesty demands", "Continued support for humanitarian operations"},
		{"the last item of a list, by another word", "and amnesty's final demand?", "Continued support for humanitarian operations"},
		{"a word the stemmer cannot join (fled, flee)", "why do people flee afghanistan", "people fled"},
		{"a speaker named as the tables read them, with a saying word", "what did deportees say happened to them?", "Returnees described"},
		{"a typo", "how mny afghns were deportd", "2.6 million"},
		{"a figure for two things, asked for one", "UNAMA number of torture cases", "21 cases"},
		{"the report's own voice", "what does amnesty say failing to act is", "moral failure"},
		{"a figure claimed where the source gives another", "were 3 million afghans deported in 2025?", "2.6 million"},
		{"a small count in the question is no claim", "what are the 2 countries most afghans come back from", "Iran and Pakistan"},
		{"a place told as the asker's situation is no condition", "I live in Canada and my asylum claim was refused. Will people like me be sent back by force?", "immediate and universal halt"},
		{"the source's view asked for", "what is amnesty's stance on deporting asylum seekers", "halt"},
		{"a claim the source makes", "fact check: amnesty calls for a halt to deportations, correct?", "halt"},
		{"a claim told, then a question on it", "someone says aid just props up the taliban. what does amnesty say about aid?", "assistance"},
		{"the source named as the speaker", "according to the article, which countries send back the most afghans", "Iran and Pakistan"},
		{"a name the source uses", "what did UNAMA document", "UNAMA"},
		{"us is a word", "tell us how many afghans were sent back", "2.6 million"},
		{"a claim the source makes, tagged", "UNAMA documented 14 killings of former soldiers, right?", "14 killings"},
		{"the share of a whole", "what percentage of the people sent back are women and children", "60%"},
		{"people in general, deported", "how many people were deported in 2025", "2.6 million"},
		{"places set aside with 'apart from', asked where", "apart from iran and pakistan, where else are afghans forcibly returned from", "Turkey and Tajikistan"},
		{"a misspelt which", "wich countries deport the most afghans", "Iran and Pakistan"},
		{"whether something happened that the source says", "did unama document killings of former soldiers", "14 killings"},
		{"an item of a list pointed at by number", "what is point 2 of amnesty's demands", "safe and legal pathways"},
		{"an item of a list, its opening saying who asks", "does amnesty call for family reunification", "family reunification schemes"},
		{"where people come from", "where do most of the people sent back come from", "Iran and Pakistan"},
		{"a place and what the source says of it", "germany deportation deal with the taliban", "Germany and Austria"},
		{"detained, a word of reports", "were returnees jailed by the taliban", "detained"},
		{"the date of a figure", "what year are the deportation figures for", "2.6 million"},
		{"who said words of a quote, its speaker named before them", "who says states outsource their responsibilities to the regime", "said Smriti Singh"},
		{"a speaker the source quotes", "what did smriti singh say", "Smriti Singh"},
		{"where one's kin are tells their situation", "my brother was a soldier in Kabul, is he in danger now?", "Former Government and Security Personnel"},
		{"where one's kin are, in Dari", "برادرم در کابل قبلا عسکر اردو بود حالا برش خطر است", "Former Government and Security Personnel"},
		{"a share written as words", "is it true six in ten of the returnees are women and children?", "60%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := e.Ask(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Answered {
				t.Fatalf("%q not answered; want a quote with %q", tt.q, tt.quote)
			}
			if !strings.Contains(a.Citations[0].Quote, tt.quote) {
				t.Errorf("%q answered with %q; want a quote with %q", tt.q, a.Citations[0].Quote, tt.quote)
			}
		})
	}
}

// TestRelatedPassages: when the source does not answer, the passages shown
// as related speak of something the question asks, not merely of a place
// or of people.
func TestRelatedPassages(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	for _, tt := range []struct {
		q       string
		related string // a quote shown as related holds it; "" when none may be shown
	}{
		{"what about lgbt people", ""},
		{"what is the weather like in austria", ""},
		{"translate 'thank you' into dari", ""},
		{"how do you say international organization in pashto", ""},
		{"visa for austria", "visas"},
		{"how many afghans were deported from canada", "deported"},
	} {
		a, err := e.Ask(ctx, tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Answered {
			t.Errorf("%q answered with %q", tt.q, a.Citations[0].Quote)
			continue
		}
		switch {
		case tt.related == "" && len(a.Citations) > 0:
			t.Errorf("%q shows %q as related", tt.q, a.Citations[0].Quote)
		case tt.related != "" && (len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Quote, tt.related)):
			t.Errorf("%q shows %v as related; want a quote with %q", tt.q, a.Citations, tt.related)
		}
	}
}
