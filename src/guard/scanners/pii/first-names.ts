/**
 * A small hand-written list of common given names (US/UK popular names across generations plus
 * frequent European, Latin American, South and East Asian ones). It is deliberately independent of
 * any evaluation data: the Presidio set was generated from Faker's much larger lists, so recall on
 * rarer names is a real, reported limit rather than something tuned away.
 */

// biome-ignore format: a word list reads better wrapped than one entry per line
const COMMON = `
aaron abigail adam adrian aidan aisha alan albert alejandro alex alexander alexandra alexis alfred alice
alicia alison allison amanda amber amelia amy ana andrea andreas andrew angela angelica anita ann anna
anne annie anthony antonio ariana arthur ashley audrey austin ava barbara barry ben benjamin bernard
beth betty beverly bianca billy blake bobby bonnie brad bradley brandon brenda brian briana brianna
brittany brooke bruce bryan caitlin caleb cameron camila carl carla carlos carmen carol caroline carolyn
carrie casey catherine cathy charles charlie charlotte chelsea cheryl chloe chris christian christina
christine christopher cindy claire clara claudia colin connie connor courtney craig cristina crystal
cynthia daisy dale dan dana daniel daniela danielle david dean deborah debra denise dennis derek diana
diane diego dimitri dmitri dominic don donald donna doris dorothy douglas dylan edward eileen elaine
elena eli elijah elizabeth ella ellen emily emma eric erica erik erin ethan eugene evan evelyn fatima
felix fernando frances francesca francis francisco frank fred frederick gabriel gabriela gabriella gary
george georgia gerald gina giovanni giulia gloria gordon greg gregory hailey hannah harold harry hassan
heather heidi helen henry holly howard ian irene isaac isabel isabella isabelle ivan jack jackson jacob
jacqueline jake james jamie jan jane janet janice jared jasmine jason javier jean jeff jeffrey jennifer
jenny jeremy jerry jesse jessica jesus jill jim jimmy joan joanna joe joel johann johanna john johnny
jon jonathan jordan jorge jose joseph josephine josh joshua joyce juan judith judy julia julian julie
justin kaitlyn karen karl kate katherine kathleen kathryn kathy katie katrina kayla keith kelly ken
kenneth kevin kim kimberly kristen kristin kyle laura lauren lawrence leah lena leo leonardo leslie
liam lily linda lindsay lisa logan lois lorenzo louis louise lucas lucia lucy luis luke lydia madison
magdalena manuel marco marcus margaret maria mariana marie marilyn mario marisa marissa martha martin
mary mason matthew maureen max maya megan melanie melissa mia michael michele michelle miguel mike
mila mildred mohamed mohammed monica morgan muhammad nancy natalia natalie nathan nathaniel nicholas
nicole nikolai nina noah nora norma olga olivia omar oscar pablo pamela patricia patrick paul paula
pedro peter philip phillip priya rachel rafael rahul ralph ramon randy raymond rebecca regina richard
rick rita robert roberto robin rodrigo roger ronald rosa rose russell ruth ryan sabrina samantha samuel
sandra sara sarah scott sean sebastian sergei sergio shannon sharon shawn sheila shirley simon sofia
sophia sophie stacy stanley stephanie stephen steve steven susan suzanne sylvia tamara tammy tanya
tara teresa terry theresa thomas tiffany timothy tina todd tom tony tracy travis tyler valerie vanessa
veronica vicky victor victoria vincent virginia walter wayne wendy william xavier yuki yusuf zachary
zoe ahmed ali amir anders andrei ingrid lars sven astrid freya hans klaus jurgen wolfgang pierre
francois giuseppe luca matteo alessandro chiara marta pilar lucas mateo valentina ximena akira hiroshi
kenji haruto sakura mei wei li ming jun hyun minho jiwoo arjun rohan vikram ananya deepak sanjay
abby adriana agnes alberto alyssa amanda andre angel angie annette april armando arnold ashlee avery
barbara bella beatrice becky benny bernice bethany billie blanca bob bradford brandi brandy brendan
brent brett bridget brittney brody bryce caitlyn calvin candace cara carlton carmen carter cassandra
cecilia cedric chad charlene chester christy clarence claude clayton clifford clint clinton cody colleen
cole corey cory curtis dakota dallas damian damon darlene darnell darren darryl dave dawn delores
desiree devin dexter dianne dolores dominique doug duane dustin dwayne earl ed eddie edgar edith
edwin elias elise ellie elliot elsa emanuel emil emilia enrique erika ernest ernesto esther eva
everett faye felicia floyd frankie franklin gabrielle garrett gavin gene geoffrey gilbert gina glen
glenn grace gretchen gwen hailey harvey hazel hector herbert herman hilda hugo irma isaiah jacquelyn
jaime jana janelle janie jasmin jay jeanette jeanne jenna jennie jessie jillian joann joanne jodi
jody joey johnathan jolene jonas josefina julio june kara kari karina kasey katelyn kaylee kelsey
kendra kerry kristina kristy krystal lacey lance lara larry latoya leon leona leroy lester levi lewis
lillian lindsey lloyd lonnie lorena lori lorraine luz lynn mabel mackenzie malcolm mandy marc marcia
margarita marian marianne marion marjorie marlene marsha marshall marvin maurice melinda melody
meredith micheal miranda misty mitchell molly myra myrtle naomi natasha neil nelson nichole nick
nicolas noel norman olive oliver opal owen pat patsy paige peggy percy perry phyllis preston priscilla
quentin raquel randall raul reginald rene renee rex rhonda ricardo ricky riley roberta rochelle rodney
roland ron ronnie rosemary ross roxanne ruben rudy sally salvador sam sandy savannah shane shaun shawna
shelby shelly sherri sherry sidney sonia sonya spencer stacey stella stuart sue sydney tabitha taylor
ted terrance terri thelma tim tommy toni tonya tracey trevor trisha troy tyrone vera vernon vickie
viola wade wallace warren wesley whitney willie wilma yolanda yvonne zachariah
`;

/** Names that are also ordinary words (months, virtues, verbs); they count only with a surname or context. */
// biome-ignore format: word list
const AMBIGUOUS = `
april may june august will grant mark bill art rose joy hope faith summer dawn iris ruby pearl hunter
chase page sky rich guy gene penny amber crystal jade autumn destiny melody harmony honey star
`;

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

export const AMBIGUOUS_NAMES: ReadonlySet<string> = new Set(words(AMBIGUOUS));
export const FIRST_NAMES: ReadonlySet<string> = new Set([...words(COMMON), ...words(AMBIGUOUS)]);
