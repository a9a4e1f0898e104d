/**
 * Word lists for generated names. Written for this project; combinations are meant to sound like English
 * places, homes and companies without being any real council or provider.
 */

/** Place names are built from a first and a second part: "Ash" + "combe" = "Ashcombe". */
export const PLACE_FIRST = [
  'Ash', 'Alder', 'Amber', 'Bar', 'Beck', 'Birch', 'Black', 'Blythe', 'Bram', 'Brent', 'Brock', 'Calder', 'Chal',
  'Cold', 'Corn', 'Cran', 'Dal', 'Dun', 'East', 'Eden', 'Elm', 'Fair', 'Fal', 'Fen', 'Fern', 'Fox', 'Gar', 'Glen',
  'Gold', 'Graves', 'Green', 'Hal', 'Hart', 'Hazel', 'Heath', 'Hol', 'Holly', 'Ivy', 'Kes', 'Kings', 'Lang', 'Lark',
  'Lin', 'Long', 'Lyn', 'Mar', 'Mel', 'Mere', 'Mill', 'Moor', 'New', 'North', 'Oak', 'Orm', 'Pen', 'Quar', 'Raven',
  'Red', 'Ring', 'Rose', 'Rush', 'Salt', 'Sand', 'Sel', 'Shep', 'Silver', 'South', 'Stan', 'Stone', 'Sut', 'Thorn',
  'Tal', 'Wal', 'Wen', 'West', 'Whit', 'Wick', 'Willow', 'Win', 'Wold', 'Wood', 'Wyn', 'Yar', 'Bex', 'Cal', 'Dray',
];

export const PLACE_SECOND = [
  'bourne', 'bridge', 'brook', 'burn', 'bury', 'by', 'caster', 'cliffe', 'combe', 'cote', 'croft', 'dale', 'den',
  'don', 'field', 'fold', 'ford', 'gate', 'ham', 'haven', 'hill', 'holme', 'hurst', 'lea', 'ley', 'mead',
  'minster', 'moor', 'mouth', 'ness', 'over', 'ridge', 'shaw', 'stead', 'stow', 'thorpe', 'ton', 'wald', 'water',
  'well', 'wich', 'wick', 'worth',
];

/** Real council and big-town names our generator could otherwise stumble into. */
export const REAL_PLACE_NAMES = new Set([
  'Ashford', 'Bradford', 'Guildford', 'Stafford', 'Salford', 'Redbridge', 'Blackburn', 'Sandwell', 'Bexley',
  'Bury', 'Wakefield', 'Sheffield', 'Huddersfield', 'Chesterfield', 'Mansfield', 'Macclesfield', 'Lichfield',
  'Oakham', 'Stanton', 'Sutton', 'Merton', 'Darlington', 'Kingston', 'Newham', 'Walton', 'Wolverhampton',
  'Rushmoor', 'Redditch', 'Blackpool', 'Northampton', 'Southampton', 'Eastbourne', 'Westminster', 'Halton',
  'Stockton', 'Middlesbrough', 'Hartlepool', 'Harrow', 'Hillingdon', 'Calderdale', 'Kirklees', 'Selby', 'Whitby',
  'Wickham', 'Harlow', 'Haverhill', 'Fairford', 'Longford', 'Winford', 'Elmbridge', 'Tonbridge', 'Stevenage',
  'Newbury', 'Salisbury', 'Woodbridge', 'Stanford', 'Hartford', 'Saltash', 'Redhill', 'Greenwich', 'Sandbach',
  'Woodford', 'Whitworth', 'Holmfirth', 'Melton', 'Seaham', 'Southwick', 'Stockbridge', 'Wellington', 'Falmouth',
  'Oakley', 'Exmouth', 'Weymouth', 'Barnstaple', 'Ringwood', 'Lymington', 'Sandown', 'Longton', 'Winsford',
]);

export const FIRST_NAMES = [
  'Aisha', 'Alan', 'Amelia', 'Amir', 'Andrew', 'Angela', 'Anita', 'Ben', 'Bethany', 'Caroline', 'Chloe', 'Claire',
  'Daniel', 'David', 'Deborah', 'Dev', 'Eleanor', 'Emma', 'Fatima', 'Gareth', 'Grace', 'Hannah', 'Harpreet', 'Helen',
  'Ian', 'Imran', 'Jack', 'James', 'Jane', 'Joanne', 'Jonathan', 'Karen', 'Kwame', 'Laura', 'Lucy', 'Mark', 'Marcus',
  'Michelle', 'Mohammed', 'Natalie', 'Neil', 'Nicola', 'Olivia', 'Owen', 'Paul', 'Priya', 'Rachel', 'Rebecca',
  'Richard', 'Rosa', 'Sam', 'Sarah', 'Simon', 'Sophie', 'Stephen', 'Sunita', 'Tariq', 'Thomas', 'Tom', 'Yasmin',
  'Zoe', 'Adebayo', 'Bronwen', 'Ciaran', 'Magdalena', 'Tomasz', 'Chidi', 'Mei', 'Ruth', 'Graham',
];

export const LAST_NAMES = [
  'Adams', 'Ahmed', 'Akhtar', 'Allen', 'Atkinson', 'Bailey', 'Baker', 'Begum', 'Bell', 'Bennett', 'Brown', 'Campbell',
  'Carter', 'Chapman', 'Clarke', 'Collins', 'Cooper', 'Davies', 'Dixon', 'Edwards', 'Evans', 'Fletcher', 'Foster',
  'Green', 'Hall', 'Harris', 'Hughes', 'Hussain', 'Jackson', 'James', 'Johnson', 'Jones', 'Kaur', 'Khan', 'King',
  'Kowalski', 'Lee', 'Lewis', 'Marshall', 'Martin', 'Mensah', 'Mitchell', 'Moore', 'Morgan', 'Murphy', 'Nowak',
  'Okafor', 'Owen', 'Parker', 'Patel', 'Phillips', 'Price', 'Roberts', 'Robinson', 'Scott', 'Shah', 'Singh', 'Smith',
  'Taylor', 'Thomas', 'Thompson', 'Turner', 'Walker', 'Ward', 'Watson', 'White', 'Williams', 'Wilson', 'Wood',
  'Wright', 'Young', 'Osei', 'Chen', 'Nair',
];

/** First words of home, court and scheme names. */
export const HOME_FIRST = [
  'Abbey', 'Acorn', 'Alder', 'Applegarth', 'Ash', 'Ashgrove', 'Aspen', 'Beech', 'Beechwood', 'Birch', 'Bluebell',
  'Bramble', 'Briar', 'Brook', 'Cedar', 'Cherry', 'Chestnut', 'Clover', 'Copper Beech', 'Cornfield', 'Daisy', 'Elm',
  'Fernlea', 'Foxglove', 'Glebe', 'Hawthorn', 'Hazel', 'Heather', 'Highfield', 'Holly', 'Honeysuckle', 'Ivy',
  'Juniper', 'Kingfisher', 'Laburnum', 'Larch', 'Lavender', 'Lilac', 'Lime Tree', 'Linden', 'Magnolia', 'Maple',
  'Meadow', 'Mulberry', 'Oak', 'Oakwood', 'Orchard', 'Primrose', 'Riverside', 'Rowan', 'Rosewood', 'St Anne’s',
  'St Cuthbert’s', 'St Helen’s', 'St Margaret’s', 'Sandpiper', 'Silver Birch', 'Skylark', 'Sycamore', 'Thornbury',
  'Valley', 'Wellspring', 'Westfield', 'Willow', 'Woodlands', 'Wren', 'Yew Tree', 'Greenacres', 'Fairhaven',
  'Abbeyfield', 'Heathcote', 'Millbrook', 'Oaklands', 'Parkside', 'Redwood', 'Sunnyside', 'Brookfield',
];

export const HOME_SECOND = [
  'House', 'Court', 'Lodge', 'Manor', 'Grange', 'Hall', 'View', 'Park', 'Gardens', 'Mews', 'Place', 'Lea', 'Croft',
  'Villa', 'Cottage', 'Rise',
];

export const STREETS = [
  'Church Lane', 'Station Road', 'High Street', 'Mill Lane', 'Victoria Road', 'The Green', 'Manor Road',
  'Park Avenue', 'School Lane', 'London Road', 'Queens Road', 'Kings Road', 'Orchard Way', 'Chapel Street',
  'Springfield Road', 'Windmill Hill', 'Bridge Street', 'North Road', 'Grove Road', 'Meadow Close', 'Hillside',
  'Elm Grove', 'Cherry Tree Walk', 'Vicarage Lane', 'West Street', 'Market Place', 'Forge Lane', 'Brook Street',
  'Castle Street', 'Priory Road', 'Newlands Avenue', 'Sandy Lane', 'Abbey Road', 'Beech Drive', 'Dene Road',
];

/** Words of small independent companies' names. */
export const COMPANY_WORDS = [
  'Caring', 'Compassion', 'Comfort', 'Harmony', 'Haven', 'Heart', 'Hearth', 'Hope', 'Kindred', 'Lifeline',
  'Loving', 'Nurture', 'Radiant', 'Serenity', 'Trust', 'Unity', 'Vision', 'Wellbeing', 'Bright', 'Golden', 'Safe',
  'Pathway', 'Horizon', 'Cornerstone', 'Evergreen', 'Beacon', 'Anchor', 'Keystone', 'Lantern', 'Meridian',
];

/** Endings of care-home companies' names. */
export const COMPANY_ENDINGS = ['Care Ltd', 'Care Services Ltd', 'Healthcare Ltd', 'Care Homes Ltd', 'Care Group Ltd', 'Nursing Homes Ltd'];

export const DAY_SERVICE_NAMES = ['Day Centre', 'Friendship Club', 'Community Hub', 'Resource Centre', 'Day Service', 'Lunch Club'];
export const DAY_OPPORTUNITY_NAMES = ['Day Opportunities', 'Horizons', 'Skills Centre', 'Community Opportunities', 'Activity Centre', 'Creative Hub'];

/** The officers' teams, by the kind of service they look after. */
export const TEAMS = { careHomes: 'Care homes quality team', community: 'Community services quality team' } as const;

/**
 * Provider groups seen across the country. Each appears in a council's register as a parent company with
 * subsidiary companies, mostly in the categories it specialises in.
 */
export interface GroupTemplate {
  readonly brand: string;
  readonly parent: string;
  readonly subsidiaries: readonly string[];
  readonly kind: 'care_homes' | 'disabilities' | 'home_care';
  /** Home care groups name each branch after its town. */
  readonly branchNames: boolean;
}

export const GROUPS: readonly GroupTemplate[] = [
  {
    brand: 'Oakleaf Care',
    parent: 'Oakleaf Care Group plc',
    subsidiaries: ['Oakleaf Care Homes Ltd', 'Oakleaf Nursing Services Ltd', 'Oakleaf Healthcare (North) Ltd', 'Oakleaf Healthcare (South) Ltd'],
    kind: 'care_homes',
    branchNames: false,
  },
  {
    brand: 'Heritage Living',
    parent: 'Heritage Living Holdings Ltd',
    subsidiaries: ['Heritage Living Care Homes Ltd', 'Heritage Living Nursing Ltd'],
    kind: 'care_homes',
    branchNames: false,
  },
  {
    brand: 'Bluebell Home Care',
    parent: 'Bluebell Care Holdings Ltd',
    subsidiaries: ['Bluebell Home Care Ltd', 'Bluebell Community Care Ltd'],
    kind: 'home_care',
    branchNames: true,
  },
  {
    brand: 'Brightwater Lifestyles',
    parent: 'Brightwater Group Ltd',
    subsidiaries: ['Brightwater Lifestyles Ltd', 'Brightwater Supported Living Ltd'],
    kind: 'disabilities',
    branchNames: false,
  },
  {
    brand: 'Castlegate Healthcare',
    parent: 'Castlegate Healthcare Group Ltd',
    subsidiaries: ['Castlegate Care Homes Ltd', 'Castlegate Nursing Homes Ltd'],
    kind: 'care_homes',
    branchNames: false,
  },
  {
    brand: 'Kindly Homecare',
    parent: 'Kindly Homecare Group Ltd',
    subsidiaries: ['Kindly Homecare Services Ltd'],
    kind: 'home_care',
    branchNames: true,
  },
  {
    brand: 'Pathways Support',
    parent: 'Pathways Support Trust',
    subsidiaries: ['Pathways Support Services Ltd', 'Pathways Day Opportunities Ltd'],
    kind: 'disabilities',
    branchNames: false,
  },
];
